import type { Middleware } from 'koa';
import { ValidationError } from 'objection';
import { AppError } from '../errors';
import type { Logger } from '../log';
import { isDatabaseUnavailable } from '../db/database';

/** http-errors from Koa's own helpers and body parsing, mapped to stable error codes. */
const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
};

function toAppError(err: unknown): AppError | null {
  if (err instanceof AppError) return err;
  if (err instanceof ValidationError) return new AppError(400, 'validation_failed', err.message);
  const e = err as { status?: number; expose?: boolean; name?: string; message?: string };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
    if (e.name === 'SyntaxError') return new AppError(400, 'invalid_json', 'The request body is not valid JSON');
    if (e.status === 413) return new AppError(413, 'payload_too_large', 'The request body is larger than 16 KB');
    return new AppError(e.status, HTTP_CODES[e.status] ?? 'bad_request', e.expose && e.message ? e.message : 'Bad request');
  }
  return null;
}

/** Runs after every other middleware: anything nobody answered is a JSON 404. */
export function notFoundFallback(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) {
      throw new AppError(404, 'not_found', `No route for ${ctx.method} ${ctx.path}`);
    }
  };
}

/** The one place where errors become HTTP: `{"error":{"code","message"}}`, internals never leak. */
export function errorMiddleware(log: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const known = toAppError(err);
      if (known) {
        ctx.status = known.status;
        ctx.set(known.headers);
        ctx.body = {
          error: { code: known.code, message: known.message, ...(known.details === undefined ? {} : { details: known.details }) },
        };
        return;
      }
      const unavailable = isDatabaseUnavailable(err);
      log.error({ err, method: ctx.method, path: ctx.path }, unavailable ? 'database unavailable' : 'unhandled error');
      ctx.status = unavailable ? 503 : 500;
      if (unavailable) ctx.set('Retry-After', '1');
      ctx.body = unavailable
        ? { error: { code: 'service_unavailable', message: 'The service is briefly unavailable; retry shortly' } }
        : { error: { code: 'internal_error', message: 'Something went wrong on our side' } };
    }
  };
}
