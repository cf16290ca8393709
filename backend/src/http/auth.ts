import type { Middleware, ParameterizedContext } from 'koa';
import { AppError, unauthorized } from '../errors';
import type { ApiKeyService } from '../services/api-keys';
import type { AppState } from './context';

function bearer(ctx: ParameterizedContext): string | null {
  const header = ctx.get('Authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S{8,200})$/i.exec(header);
  if (!match) throw unauthorized('invalid_api_key', 'Authorization must be "Bearer <api key>"');
  return match[1]!;
}

/** A key was sent and is wrong (malformed, unknown or revoked): what the failure budget counts. */
export const isInvalidApiKey = (err: unknown) => err instanceof AppError && err.code === 'invalid_api_key';

/** Admin routes: a valid API key is required, and scopes everything to its site. */
export function requireAdmin(keys: ApiKeyService): Middleware<AppState> {
  return async (ctx, next) => {
    const key = bearer(ctx);
    if (!key) throw unauthorized('api_key_required', 'This endpoint needs an API key: Authorization: Bearer <api key>');
    ctx.state.site = await keys.authenticate(key);
    ctx.state.apiKey = key;
    await next();
  };
}

/** Public routes that show more to an admin of the poll's site (drafts, hidden results). */
export function optionalAdmin(keys: ApiKeyService): Middleware<AppState> {
  return async (ctx, next) => {
    const key = bearer(ctx);
    if (key) {
      ctx.state.site = await keys.authenticate(key);
      ctx.state.apiKey = key;
    }
    await next();
  };
}
