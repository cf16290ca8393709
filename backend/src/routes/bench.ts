import { createRouter } from './types';

/**
 * No-op endpoints behind the same middleware as the API (only with VOTEWIRE_BENCH_ENDPOINTS=true):
 * the benchmark's measure of what the HTTP path alone can carry.
 */
export function benchRoutes() {
  const router = createRouter();
  router.get('/api/v1/bench/noop', (ctx) => {
    ctx.body = { ok: true };
  });
  router.post('/api/v1/bench/noop', (ctx) => {
    ctx.status = 201;
    ctx.body = { ok: true };
  });
  return router;
}
