import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { migrate, seedDemo } from '@votewire/db';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import { createApp } from './http/app';
import { Metrics } from './http/metrics';
import { operatorAccess } from './http/operator-access';
import { RateLimit } from './http/rate-limit';
import { createLogger, type Logger } from './log';
import { LiveChannel } from './realtime/live-channel';
import { connectRedis, type RedisClients } from './realtime/redis';
import { benchRoutes } from './routes/bench';
import { operationsRoutes } from './routes/operations';
import { embedRoutes } from './routes/embeds';
import { ApiKeyService } from './services/api-keys';
import { EmbedService } from './services/embeds';
import type { LiveEvents } from './services/live-events';
import { BallotExport } from './services/ballot-export';
import { PollReads } from './services/poll-reads';
import { PollAdmin } from './services/polls';
import { ResultsService } from './services/results';
import { RunoffRounds, type CountClaim } from './services/rounds/runoff-rounds';
import { RunoffThread } from './services/rounds/runoff-thread';
import { ResultsCache } from './services/results-cache';
import { SiteDirectory, SiteService } from './services/sites';
import { VoterTokens } from './services/voter-tokens';
import { IdentityKeyService } from './services/identity-keys';
import { ProofOfWork } from './services/proof-of-work';
import { SiteIdentity } from './services/site-identity';
import { TokenIssuer } from './services/token-issuer';
import { VotingService } from './services/voting';
import { Receipts } from './services/receipts';
import { LogAppender } from './services/log/append';
import { BallotLogReads } from './services/log/ballot-log';
import { LogSigner } from './services/log/signer';
import { BatchedVoteWriter } from './services/votes/batched-writer';
import { SingleVoteWriter } from './services/votes/single-writer';
import { LogSwitchedWriter } from './services/votes/log-switch';
import type { VoteWriter } from './services/votes/vote-writer';
import { Sealer } from './services/sealed';
import { WebhookAdmin } from './services/webhooks/admin';
import { WebhookDispatcher } from './services/webhooks/dispatcher';
import { WebhookOutbox } from './services/webhooks/outbox';
import { PollWebhooks } from './services/webhooks/poll-events';
import { ResultsWebhooks } from './services/webhooks/results-events';
import { ScheduleWebhooks } from './services/webhooks/schedule-events';
import { WebhookTargets, type Resolve } from './services/webhooks/targets';

/** Migrations, demo seed and the default site's admin key; safe to run any number of times. */
export async function initDatabase(
  db: Database,
  config: Config,
  log: Logger,
): Promise<{ appliedMigrations: string[]; generatedAdminKey: string | null }> {
  const appliedMigrations = await migrate(db.write);
  const { siteId } = await seedDemo(db.write);
  const admin = await new ApiKeyService(db.write).ensureAdminKey(siteId, config.adminKey);
  if (admin.configuredRevoked) {
    log.warn('VOTEWIRE_ADMIN_KEY was revoked in the console and stays revoked: it opens nothing; set a new key or use another');
  }
  return { appliedMigrations, generatedAdminKey: admin.generatedKey };
}

export interface Votewire {
  server: Server;
  url: string;
  log: Logger;
  db: Database;
  live: LiveChannel;
  /** Set on the first start of an embedded instance without VOTEWIRE_ADMIN_KEY. */
  generatedAdminKey: string | null;
  close(): Promise<void>;
}

/**
 * One instance per interval counts a poll's rounds and shares them: the first to set the poll's key
 * in Redis. Should Redis not answer, this instance counts (rounds late or twice, never missing).
 */
function roundsClaim(redis: RedisClients, instanceId: string): CountClaim {
  return (pollId, ms) =>
    redis.pub.set(`votewire:rounds:${pollId}`, instanceId, 'PX', ms, 'NX').then(
      (ok) => ok === 'OK',
      () => true,
    );
}

function rateLimits(config: Config, redis: RedisClients | null) {
  const make = (name: string, perMinute: number) =>
    redis ? RateLimit.redis(name, perMinute, redis.pub) : RateLimit.memory(name, perMinute);
  return {
    votes: make('votes', config.rateLimit.votesPerMinute),
    // Per voter token, per instance: a token holds one ballot per poll whatever the budget, and a
    // shared budget cost every vote a second Redis command. A token sent to n instances gets n budgets.
    voteTokens: RateLimit.memory('vote-tokens', config.rateLimit.votesPerMinute),
    tokens: make('voter-tokens', config.rateLimit.tokensPerMinute),
    // Reads are cheap and frequent: a per-instance budget spares every GET a Redis round trip.
    reads: RateLimit.memory('reads', config.rateLimit.readsPerMinute),
    authFailures: make('auth-failures', config.rateLimit.authFailuresPerMinute),
    // Socket events are counted like reads, but across instances: a flood spreads over all of them.
    socketEvents: make('socket-events', config.sockets.eventsPerMinute),
  };
}

/**
 * Builds the whole backend from its config: pools, services, HTTP app and live channel on one
 * server. The embedded (SQLite) mode also initialises its own database; a server database is
 * initialised once by db/init before instances start.
 */
export async function startVotewire(
  config: Config,
  options: { init?: boolean; /** Tests play DNS with this. */ resolve?: Resolve } = {},
): Promise<Votewire> {
  const log = createLogger(config.logLevel, config.instanceId);
  const db = openDatabase(config, log);
  const init = options.init ?? db.dialect === 'sqlite';
  const generatedAdminKey = init ? (await initDatabase(db, config, log)).generatedAdminKey : null;
  const redis = config.redisUrl ? connectRedis(config.redisUrl, log) : null;

  const server = createServer();
  // Longer than nginx's upstream keep-alive (60 s), so nginx never reuses a connection that Node
  // has just closed (a rare 502 under load).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const ownOrigins = [...config.publicOrigins];
  const results = new ResultsService(config.ballotLog);
  const receipts = new Receipts(config.secret);
  const logAppender = config.ballotLog ? new LogAppender(db.dialect) : null;
  const cache = new ResultsCache();
  const voterTokens = new VoterTokens(config.secret);
  const siteDirectory = new SiteDirectory(db);
  // Services and the live channel need each other: polls announce changes, subscriptions read polls.
  let live: LiveChannel | null = null;
  const webhookTargets = new WebhookTargets(config.webhooks.allowPrivate, options.resolve);
  const webhookSealer = new Sealer(config.secret, 'webhook-secrets');
  const dispatcher = new WebhookDispatcher(
    db,
    webhookTargets,
    webhookSealer,
    { instanceId: config.instanceId, retryScale: config.webhooks.retryScale },
    log,
  );
  const outbox = new WebhookOutbox(dispatcher.wake);
  const resultsWebhooks = new ResultsWebhooks(db, results, outbox, config.webhooks.resultsIntervalSeconds * 1000, log);
  const events: LiveEvents = {
    resultsChanged: (r) => {
      live?.resultsChanged(r);
      resultsWebhooks.mark(r.pollId);
    },
    pollChanged: (id) => live?.pollChanged(id),
  };
  const runoffThread = new RunoffThread();
  const rounds = new RunoffRounds(
    db,
    runoffThread,
    config.roundsIntervalMs,
    log,
    (id, r) => live?.roundsCounted(id, r),
    redis ? roundsClaim(redis, config.instanceId) : undefined,
  );
  const pollReads = new PollReads(db, results, cache, receipts, rounds);
  const ballotLog = config.logSigningKey ? new BallotLogReads(db, pollReads, new LogSigner(config.logSigningKey)) : null;
  const pollWebhooks = new PollWebhooks(outbox, results, db.dialect === 'mysql', ballotLog);
  const polls = new PollAdmin(db, pollReads, events, pollWebhooks);
  const scheduleWebhooks = new ScheduleWebhooks(db, pollReads, pollWebhooks, log);
  const metrics = new Metrics(config.instanceId, db, () => live?.connectedSockets() ?? 0);
  const writerWith = (appender: LogAppender | null, readResults: ResultsService): VoteWriter =>
    config.writeMode === 'batched'
      ? new BatchedVoteWriter(
          db,
          readResults,
          receipts,
          appender,
          { maxBatch: config.batch.maxSize, maxWaitMs: config.batch.maxWaitMs, concurrency: config.batch.concurrency },
          log,
          (votes, path) => metrics.voteBatches.observe({ path }, votes),
        )
      : new SingleVoteWriter(db, readResults, receipts, appender);
  // The benchmark prices the log by having polls of its own voted without it (routes/bench.ts).
  const logSwitch =
    config.benchEndpoints && logAppender
      ? new LogSwitchedWriter(writerWith(logAppender, results), writerWith(null, new ResultsService(false)))
      : null;
  const writer = logSwitch ?? writerWith(logAppender, results);
  const limits = rateLimits(config, redis);
  const voting = new VotingService(siteDirectory, pollReads, voterTokens, writer, events, config.secret, ownOrigins);
  const identityKeys = new IdentityKeyService(db.write, config.secret);
  const tokenIssuer = new TokenIssuer(
    pollReads,
    siteDirectory,
    voterTokens,
    new ProofOfWork(db.write, config.secret),
    new SiteIdentity(identityKeys, config.secret),
  );
  const services = {
    polls,
    pollReads,
    ballots: new BallotExport(db, pollReads),
    voting,
    apiKeys: new ApiKeyService(db.write),
    sites: new SiteService(db.write, siteDirectory),
    voterTokens,
    tokenIssuer,
    identityKeys,
    ballotLog,
    webhooks: new WebhookAdmin(db.write, webhookTargets, webhookSealer, outbox),
  };
  const app = createApp({
    config,
    log,
    services,
    limits,
    metrics,
    extra: [
      operationsRoutes(db, metrics, config.instanceId, operatorAccess(config.operator)),
      embedRoutes(new EmbedService(pollReads, siteDirectory, ownOrigins)),
      ...(config.benchEndpoints ? [benchRoutes(logSwitch)] : []),
    ],
  });
  // Koa must be listening before Socket.IO attaches: Socket.IO takes over the request listeners
  // present at that moment and answers /socket.io/ itself; a listener added later answers too.
  server.on('request', app.callback());

  const channel = new LiveChannel(server, {
    polls: pollReads,
    tokens: voterTokens,
    sites: siteDirectory,
    cache,
    rounds,
    ownOrigins,
    instanceId: config.instanceId,
    log,
    coalesceMs: config.broadcastIntervalMs,
    eventBudget: limits.socketEvents,
    socketsPerIp: config.sockets.perIp,
    trustProxy: config.trustProxy,
  });
  live = channel;
  if (redis) {
    channel.useAdapter(createAdapter(redis.pub, redis.sub, { key: 'votewire' }));
    // Commits made elsewhere while Redis was away were never heard here.
    redis.sub.on('ready', () => void channel.resync());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  dispatcher.start();
  resultsWebhooks.start();
  scheduleWebhooks.start();
  const port = (server.address() as AddressInfo).port;
  if (config.port === 0) ownOrigins.push(`http://localhost:${port}`, `http://127.0.0.1:${port}`);
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, database: db.dialect, writeMode: config.writeMode, redis: Boolean(redis) }, 'Votewire is listening');

  return {
    server,
    url,
    log,
    db,
    live: channel,
    generatedAdminKey,
    close: async () => {
      await channel.close(); // also closes the HTTP server
      await writer.close();
      rounds.close();
      await runoffThread.close();
      await resultsWebhooks.close();
      await scheduleWebhooks.close();
      await dispatcher.close();
      await redis?.close();
      await db.destroy();
    },
  };
}
