import type { Middleware } from 'koa';
import { AppError } from '../errors';

/** Every method any route or the static files answer; the rest (TRACE, PROPFIND, …) never will. */
const KNOWN = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Other methods are a 501 before any route runs, instead of reaching the routers' own checks. */
export function knownMethodsOnly(): Middleware {
  return async (ctx, next) => {
    if (!KNOWN.has(ctx.method)) throw new AppError(501, 'not_implemented', `${ctx.method.slice(0, 20)} is not supported`);
    await next();
  };
}
