import { requireAdmin } from '../http/auth';
import type { Services } from '../services';
import { ApiKeyInput } from '@votewire/wire/schema';
import { LIMITS } from '@votewire/wire/limits';
import { bodyParser, text } from '../services/validate';
import { notFound } from '../errors';
import { createRouter } from './types';

const parseInput = bodyParser(ApiKeyInput);

export function apiKeyRoutes(s: Services) {
  const router = createRouter();
  const admin = requireAdmin(s.apiKeys);

  router.get('/api-keys', admin, async (ctx) => {
    ctx.body = { items: await s.apiKeys.list(ctx.state.site!.id) };
  });

  router.post('/api-keys', admin, async (ctx) => {
    const { name } = parseInput(ctx.request.body);
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await s.apiKeys.create(ctx.state.site!.id, text(name, 'name', LIMITS.apiKeyName.min, LIMITS.apiKeyName.max));
  });

  router.delete('/api-keys/:id', admin, async (ctx) => {
    const id = Number(ctx.params.id);
    if (!Number.isSafeInteger(id) || id < 1) throw notFound('api_key_not_found', 'No API key with this id on this site');
    await s.apiKeys.revoke(ctx.state.site!.id, id, ctx.state.site!, ctx.state.apiKey!);
    ctx.status = 204;
  });

  return router;
}
