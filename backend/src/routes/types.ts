import Router from '@koa/router';
import type { AppState } from '../http/context';

export type ApiRouter = Router<AppState>;
export const createRouter = () => new Router<AppState>();
