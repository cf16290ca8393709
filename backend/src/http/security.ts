import type { Middleware } from 'koa';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
// Pages load only their own scripts (no inline script, no eval); the widget talks to this origin.
// Images: this origin, and https option images (the API refuses any other scheme).
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https:; " +
  "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export function securityHeaders(instanceId: string): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Served-By', instanceId);
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'strict-origin-when-cross-origin');
    // finally: an error answered by the error middleware (outside this one) gets the headers too;
    // without it, every 4xx and 5xx of the API went out without a Content-Security-Policy.
    try {
      await next();
    } finally {
      setPolicies(ctx);
    }
  };
}

function setPolicies(ctx: Parameters<Middleware>[0]): void {
  if (ctx.path.startsWith('/api/')) ctx.set('Content-Security-Policy', API_CSP);
  // A page that set its own policy (the iframe embed, framed by a site's allowed origins) keeps it.
  else if (ctx.response.is('html') && !ctx.response.get('Content-Security-Policy')) {
    ctx.set('Content-Security-Policy', PAGE_CSP);
    ctx.set('X-Frame-Options', 'DENY');
  }
  // The SDK is embedded by other sites' pages: it must be loadable cross-origin.
  if (ctx.path.startsWith('/sdk/')) ctx.set('Access-Control-Allow-Origin', '*');
}
