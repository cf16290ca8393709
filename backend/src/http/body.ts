import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { AppError } from '../errors';

export const BODY_LIMIT = '16kb';

/** JSON bodies only, at most 16 KB; anything else with a body is refused before it is read. */
export function jsonBody(): Middleware[] {
  const requireJson: Middleware = async (ctx, next) => {
    const hasBody = Number(ctx.get('Content-Length') || 0) > 0 || Boolean(ctx.get('Transfer-Encoding'));
    if (hasBody && ['POST', 'PUT', 'PATCH'].includes(ctx.method) && !ctx.is('application/json')) {
      throw new AppError(415, 'unsupported_media_type', 'Send the request body as application/json');
    }
    await next();
  };
  return [requireJson, bodyParser({ enableTypes: ['json'], jsonLimit: BODY_LIMIT, encoding: 'utf-8' })];
}
