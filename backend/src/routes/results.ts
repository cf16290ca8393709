import { optionalAdmin, requireAdmin } from '../http/auth';
import type { Services } from '../services';
import { createRouter } from './types';
import { viewerOf } from './viewer';

export function resultRoutes(s: Services) {
  const router = createRouter();

  router.get('/polls/:id/results', optionalAdmin(s.apiKeys), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await s.pollReads.resultsFor(ctx.params.id!, viewerOf(ctx, s));
  });

  router.get('/polls/:id/ballots.csv', requireAdmin(s.apiKeys), async (ctx) => {
    const csv = await s.ballots.csv(ctx.state.site!.id, ctx.params.id!);
    ctx.type = 'text/csv; charset=utf-8';
    ctx.attachment(`poll-${ctx.params.id}-ballots.csv`);
    ctx.body = csv;
  });

  return router;
}
