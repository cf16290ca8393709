import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { migrate, seedDemo } from '@votewire/db';
import type { Config } from './config';
import { openDatabase, type Database } from './db/database';
import { createApp } from './http/app';
import { RateLimit } from './http/rate-limit';
import { createLogger, type Logger } from './log';
import { LiveChannel } from './realtime/live-channel';
import { ApiKeyService } from './services/api-keys';
import { PollService } from './services/polls';
import { ResultsService } from './services/results';
import { SiteDirectory, SiteService } from './services/sites';
import { VoterTokens } from './services/voter-tokens';
import { VotingService } from './services/voting';
import { SingleVoteWriter } from './services/votes/single-writer';
import type { VoteWriter } from './services/votes/vote-writer';

/** Migrations, demo seed and the default site's admin key; safe to run any number of times. */
export async function initDatabase(
  db: Database,
  config: Config,
): Promise<{ appliedMigrations: string[]; generatedAdminKey: string | null }> {
  const appliedMigrations = await migrate(db.write);
  const { siteId } = await seedDemo(db.write);
  const generatedAdminKey = await new ApiKeyService(db.write).ensureAdminKey(siteId, config.adminKey);
  return { appliedMigrations, generatedAdminKey };
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
 * Builds the whole backend from its config: pools, services, HTTP app and live channel on one
 * server. The embedded (SQLite) mode also initialises its own database; a server database is
 * initialised once by db/init before instances start.
 */
export async function startVotewire(config: Config, options: { init?: boolean } = {}): Promise<Votewire> {
  const log = createLogger(config.logLevel, config.instanceId);
  const db = openDatabase(config);
  const init = options.init ?? db.dialect === 'sqlite';
  const generatedAdminKey = init ? (await initDatabase(db, config)).generatedAdminKey : null;

  const server = createServer();
  const ownOrigins = [...config.publicOrigins];
  const results = new ResultsService();
  const voterTokens = new VoterTokens(config.secret);
  const siteDirectory = new SiteDirectory(db);
  // Services and the live channel need each other: polls announce changes, subscriptions read polls.
  let live: LiveChannel | null = null;
  const events = {
    resultsChanged: (r: Parameters<LiveChannel['resultsChanged']>[0]) => live?.resultsChanged(r),
    pollChanged: (id: string) => live?.pollChanged(id),
  };
  const polls = new PollService(db, results, events);
  const writer: VoteWriter = new SingleVoteWriter(db, results);
  const voting = new VotingService(siteDirectory, polls, voterTokens, writer, events, config.secret, ownOrigins);
  live = new LiveChannel(server, { polls, tokens: voterTokens, sites: siteDirectory, ownOrigins, log });

  const limits = {
    votes: RateLimit.memory('votes', config.rateLimit.votesPerMinute),
    tokens: RateLimit.memory('voter-tokens', config.rateLimit.tokensPerMinute),
    reads: RateLimit.memory('reads', config.rateLimit.readsPerMinute),
  };
  const services = { polls, voting, apiKeys: new ApiKeyService(db.write), sites: new SiteService(db.write), siteDirectory, voterTokens };
  const app = createApp({ config, log, services, limits });
  server.on('request', app.callback());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (config.port === 0) ownOrigins.push(`http://localhost:${port}`, `http://127.0.0.1:${port}`);
  const url = `http://127.0.0.1:${port}`;
  log.info({ url, database: db.dialect, writeMode: config.writeMode }, 'Votewire is listening');

  const channel = live;
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
      await db.destroy();
    },
  };
}
