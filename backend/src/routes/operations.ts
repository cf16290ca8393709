import type { ParameterizedContext } from 'koa';
import type { Database } from '../db/database';
import type { Metrics } from '../http/metrics';
import { forbidden } from '../errors';
import { createRouter } from './types';

/**
 * Liveness, readiness and metrics, at the root (outside /api/v1) for load balancers and Prometheus.
 * The database kind, replica states and metrics are for operators (`mayInspect`); anyone may ask
 * whether the instance is alive and ready.
 */
export function operationsRoutes(db: Database, metrics: Metrics, instanceId: string, mayInspect: (ctx: ParameterizedContext) => boolean) {
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
    const status = primary ? 'ready' : 'primary_unreachable';
    if (!mayInspect(ctx)) {
      ctx.body = { status };
      return;
    }
    ctx.body = {
      status,
      instance: instanceId,
      database: db.dialect,
      primary: primary ? 'up' : 'down',
      replicas: replication?.replicas ?? [],
    };
  });

  router.get('/metrics', async (ctx) => {
    if (!mayInspect(ctx)) {
      throw forbidden('metrics_forbidden', 'Metrics need the metrics token (Authorization: Bearer …) or a client on a listed network');
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });

  return router;
}
