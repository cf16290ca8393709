import type { Middleware } from 'koa';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/database';

/**
 * Prometheus metrics of one instance. Each instance has its own registry (tests run several in one
 * process); gauges that mirror state elsewhere are read when scraped, not kept up to date by hand.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly duration: Histogram<'method' | 'route'>;
  readonly votes: Counter<'outcome'>;
  readonly voteBatches: Histogram<'path'>;

  constructor(instanceId: string, db: Database, sockets: () => number) {
    this.registry.setDefaultLabels({ instance: instanceId });
    collectDefaultMetrics({ register: this.registry, prefix: 'votewire_process_' });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'votewire_http_requests_total',
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: 'votewire_http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.votes = new Counter({ name: 'votewire_votes_total', help: 'Vote requests by outcome', labelNames: ['outcome'], registers });
    this.voteBatches = new Histogram({
      name: 'votewire_vote_batch_size',
      help: 'Votes per committed batch, by write path (one-trip: all new voters; careful: the rest)',
      labelNames: ['path'],
      buckets: [1, 2, 5, 10, 20, 50, 100, 250],
      registers,
    });
    new Gauge({
      name: 'votewire_db_reads_total',
      help: 'Reads sent to each server by the read pool since start',
      labelNames: ['server'],
      registers,
      collect() {
        this.reset();
        for (const [server, n] of Object.entries(db.replication()?.reads ?? {})) this.set({ server }, n);
      },
    });
    new Gauge({
      name: 'votewire_socket_connections',
      help: 'Connected Socket.IO clients',
      registers,
      collect() {
        this.set(sockets());
      },
    });
    new Gauge({
      name: 'votewire_db_pool_connections',
      help: 'Connections in use per pool',
      labelNames: ['pool'],
      registers,
      collect() {
        const pool = (db.write.client as { pool?: { numUsed(): number } }).pool;
        this.set({ pool: 'write' }, pool?.numUsed() ?? 0);
      },
    });
    const replication = () => db.replication()?.replicas ?? [];
    new Gauge({
      name: 'votewire_replica_lag_seconds',
      help: 'Estimated replication delay per replica',
      labelNames: ['replica'],
      registers,
      collect() {
        this.reset();
        for (const r of replication()) if (r.lagMs !== null) this.set({ replica: r.name }, r.lagMs / 1000);
      },
    });
    new Gauge({
      name: 'votewire_replica_healthy',
      help: '1 when the replica is in the read rotation',
      labelNames: ['replica'],
      registers,
      collect() {
        this.reset();
        for (const r of replication()) this.set({ replica: r.name }, r.healthy ? 1 : 0);
      },
    });
  }

  /** Counts and times every request by its route pattern (not its raw path, which is unbounded). */
  middleware(): Middleware {
    return async (ctx, next) => {
      const end = this.duration.startTimer();
      try {
        await next();
      } finally {
        const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? (ctx.path.startsWith('/api/') ? 'unmatched' : 'static');
        end({ method: ctx.method, route });
        this.requests.inc({ method: ctx.method, route, status: String(ctx.status) });
      }
    };
  }
}
