import Koa from 'koa';
import Router from '@koa/router';
import type { Config } from '../config';
import type { Logger } from '../log';
import type { Services } from '../services';
import { apiKeyRoutes } from '../routes/api-keys';
import { openApiRoutes } from '../routes/openapi';
import { pollRoutes } from '../routes/polls';
import { logRoutes } from '../routes/log';
import { resultRoutes } from '../routes/results';
import { siteRoutes } from '../routes/sites';
import { voteRoutes } from '../routes/votes';
import { webhookRoutes } from '../routes/webhooks';
import { isInvalidApiKey } from './auth';
import { jsonBody } from './body';
import type { AppState } from './context';
import { publicCors } from './cors';
import { errorMiddleware, notFoundFallback } from './errors';
import type { Metrics } from './metrics';
import { knownMethodsOnly } from './methods';
import type { RateLimit } from './rate-limit';
import { securityHeaders } from './security';
import { immutableIfHashed, staticFiles } from './static-files';

export interface AppDeps {
  config: Config;
  log: Logger;
  services: Services;
  limits: { votes: RateLimit; voteTokens: RateLimit; tokens: RateLimit; reads: RateLimit; authFailures: RateLimit };
  metrics: Metrics;
  /** Extra routers mounted at the root (health, readiness, metrics, embeds). */
  extra?: Router<AppState>[];
}

/** Every /api/v1 router; exported so the OpenAPI coverage test walks exactly what is served. */
export function apiRouter(services: Services, limits: AppDeps['limits'], metrics?: Metrics): Router<AppState> {
  const api = new Router<AppState>({ prefix: '/api/v1' });
  for (const r of [
    openApiRoutes(),
    voteRoutes(services, limits, metrics?.votes),
    pollRoutes(services),
    resultRoutes(services),
    logRoutes(services),
    apiKeyRoutes(services),
    siteRoutes(services),
    webhookRoutes(services),
  ]) {
    api.use(r.routes(), r.allowedMethods({ throw: true }));
  }
  return api;
}

export function createApp({ config, log, services, limits, metrics, extra = [] }: AppDeps): Koa<AppState> {
  // Behind the proxy, only the last X-Forwarded-For entry (the address nginx saw) is trusted: the
  // entries before it are whatever the client sent, and taking the first let any client pick a
  // fresh address per request and escape every per-IP limit (test/fuzz/abuse.test.ts holds this).
  const app = new Koa<AppState>({ proxy: config.trustProxy, maxIpsCount: 1 });
  app.use(metrics.middleware());
  app.use(errorMiddleware(log));
  app.use(knownMethodsOnly());
  app.use(notFoundFallback());
  app.use(securityHeaders(config.instanceId));
  app.use(publicCors());
  const readLimit = limits.reads.byIp();
  app.use((ctx, next) => (ctx.path.startsWith('/api/') && ctx.method === 'GET' ? readLimit(ctx, next) : next()));
  app.use(limits.authFailures.failuresByIp((ctx) => ctx.path.startsWith('/api/') && ctx.get('Authorization') !== '', isInvalidApiKey));
  for (const mw of jsonBody()) app.use(mw);
  const api = apiRouter(services, limits, metrics);
  app.use(api.routes());
  for (const r of extra) app.use(r.routes());
  app.use(api.allowedMethods({ throw: true }));
  if (config.serveStatic) {
    const files = { sourceMaps: config.serveSourceMaps };
    app.use(staticFiles('/sdk/', config.sdkRoot, immutableIfHashed('public, max-age=300'), files));
    app.use(staticFiles('/', config.staticRoot, 'no-cache', files));
  }
  return app;
}
