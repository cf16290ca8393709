import type { Middleware } from 'koa';

/** The widget's endpoints and the public ballot log, called from site owners' (and readers') pages on other origins. */
const PUBLIC_ROUTE =
  /^\/api\/v1\/(log-keys|voter-tokens(\/challenge)?|polls\/[^/]+(\/results|\/votes|\/log(\/entries|\/inclusion|\/consistency)?)?)$/;

/**
 * CORS for the public widget API only. It answers any origin, because which origins may vote is a
 * per-site setting checked where the poll is known (a refused origin then gets a readable JSON
 * error rather than an opaque CORS failure). Admin routes send no CORS headers at all, so browsers
 * keep other origins' pages out of them; the Authorization header is never allowed cross-origin.
 */
export function publicCors(): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get('Origin');
    if (!origin || !PUBLIC_ROUTE.test(ctx.path)) return next();
    ctx.vary('Origin');
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Expose-Headers', 'Retry-After, Idempotent-Replayed, X-Served-By');
    if (ctx.method === 'OPTIONS') {
      // Only what the widget calls: POST for votes and tokens, GET for polls and results.
      ctx.set('Access-Control-Allow-Methods', /\/votes$|\/voter-tokens$/.test(ctx.path) ? 'POST' : 'GET');
      ctx.set('Access-Control-Allow-Headers', 'Content-Type, X-Voter-Token, Idempotency-Key');
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return undefined;
    }
    return next();
  };
}
