import { requireAdmin } from '../http/auth';
import { WebhookDeliveryQuery, WebhookInput, WebhookPatch } from '@votewire/wire/schema';
import type { Services } from '../services';
import { bodyParser, queryParser } from '../services/validate';
import { createRouter } from './types';

const parseInput = bodyParser(WebhookInput);
const parsePatch = bodyParser(WebhookPatch);
const parseDeliveryQuery = queryParser(WebhookDeliveryQuery);

/** The site's webhook endpoints, their secrets and their deliveries. */
export function webhookRoutes(s: Services) {
  const router = createRouter();
  const admin = requireAdmin(s.apiKeys);
  const site = (ctx: { state: { site?: { id: number } | null } }) => ctx.state.site!.id;

  router.post('/webhooks', admin, async (ctx) => {
    const created = await s.webhooks.create(site(ctx), parseInput(ctx.request.body));
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Location', `/api/v1/webhooks/${created.id}`);
    ctx.body = created;
  });

  router.get('/webhooks', admin, async (ctx) => {
    ctx.body = { items: await s.webhooks.list(site(ctx)) };
  });

  router.get('/webhooks/:id', admin, async (ctx) => {
    ctx.body = await s.webhooks.get(site(ctx), ctx.params.id!);
  });

  router.patch('/webhooks/:id', admin, async (ctx) => {
    ctx.body = await s.webhooks.update(site(ctx), ctx.params.id!, parsePatch(ctx.request.body));
  });

  router.delete('/webhooks/:id', admin, async (ctx) => {
    await s.webhooks.remove(site(ctx), ctx.params.id!);
    ctx.status = 204;
  });

  router.post('/webhooks/:id/rotate-secret', admin, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await s.webhooks.rotate(site(ctx), ctx.params.id!);
  });

  router.get('/webhooks/:id/deliveries', admin, async (ctx) => {
    ctx.body = await s.webhooks.deliveries(site(ctx), ctx.params.id!, parseDeliveryQuery({ ...ctx.query }));
  });

  router.post('/webhooks/:id/deliveries/:deliveryId/retry', admin, async (ctx) => {
    ctx.status = 202;
    ctx.body = await s.webhooks.retry(site(ctx), ctx.params.id!, ctx.params.deliveryId!);
  });

  router.post('/webhooks/:id/test', admin, async (ctx) => {
    ctx.status = 202;
    ctx.body = await s.webhooks.test(site(ctx), ctx.params.id!);
  });

  return router;
}
