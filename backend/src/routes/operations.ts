import type { Database } from '../db/database';
import type { Metrics } from '../http/metrics';
import { createRouter } from './types';

/** Liveness, readiness and metrics, at the root (outside /api/v1) for load balancers and Prometheus. */
export function operationsRoutes(db: Database, metrics: Metrics, instanceId: string) {
  const router = createRouter();

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', instance: instanceId };
  });

  router.get('/readyz', async (ctx) => {
    let primary = true;
    try {
      await db.write.raw('SELECT 1');
    } catch {
      primary = false;
    }
    const replication = db.replication();
    ctx.status = primary ? 200 : 503;
    ctx.body = {
      status: primary ? 'ready' : 'primary_unreachable',
      instance: instanceId,
      database: db.dialect,
      primary: primary ? 'up' : 'down',
      replicas: replication?.replicas ?? [],
    };
  });

  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  return router;
}
