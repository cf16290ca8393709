import { notFound } from '../errors';
import type { LogSwitchedWriter } from '../services/votes/log-switch';
import { createRouter } from './types';

/**
 * Endpoints for `npm run bench` only (VOTEWIRE_BENCH_ENDPOINTS=true), behind the same middleware as
 * the API: no-op routes, the measure of what the HTTP path alone can carry, and the poll whose
 * votes this instance writes without the ballot log, to price the log.
 */
export function benchRoutes(logSwitch: LogSwitchedWriter | null) {
  const router = createRouter();
  router.get('/api/v1/bench/noop', (ctx) => {
    ctx.body = { ok: true };
  });
  router.post('/api/v1/bench/noop', (ctx) => {
    ctx.status = 201;
    ctx.body = { ok: true };
  });
  router.put('/api/v1/bench/unlogged-polls/:id', (ctx) => {
    if (!logSwitch) throw notFound('log_disabled', 'This deployment keeps no ballot log');
    logSwitch.leaveUnlogged(ctx.params.id!);
    ctx.body = { pollId: ctx.params.id, ballotLog: false };
  });
  return router;
}
