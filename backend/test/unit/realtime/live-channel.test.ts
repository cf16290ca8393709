import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { install, type Clock } from '@sinonjs/fake-timers';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PublicPoll, ServerToClientEvents, SubscribeAck } from '@votewire/wire';
import { RateLimit } from '../../../src/http/rate-limit';
import type { Logger } from '../../../src/log';
import type { Poll } from '../../../src/models/Poll';
import { LiveChannel } from '../../../src/realtime/live-channel';
import type { PollReads } from '../../../src/services/poll-reads';
import { ResultsCache } from '../../../src/services/results-cache';
import type { SiteDirectory } from '../../../src/services/sites';
import type { VoterTokens } from '../../../src/services/voter-tokens';
import { resultsAt as results } from '../../support/results';

// The live channel's coalescing: a real Socket.IO server on port 0 and a real client, with fake
// polls and sites, and fake interval timers so the test decides when each interval ends. Only
// setInterval is faked; Socket.IO's own timers keep running for real.

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const COALESCE_MS = 250;

describe('the live channel’s coalescing', () => {
  let server: Server;
  let channel: LiveChannel;
  let client: Client;
  let clock: Clock;
  let received: string[];

  /** Everything the server sent before now has arrived: one connection delivers in order. */
  const settled = () => new Promise<void>((resolve) => client.emit('unsubscribe', { pollId: 'none' }, () => resolve()));
  const subscribe = (pollId: string) => new Promise<SubscribeAck>((resolve) => client.emit('subscribe', { pollId }, resolve));
  /** Ends `n` intervals, then waits for what they sent. */
  const intervals = async (n: number) => {
    clock.tick(n * COALESCE_MS);
    await settled();
  };

  beforeEach(async () => {
    const polls = {
      cached: async (id: string) => ({ id, siteId: 1 }) as Poll,
      publicView: async (id: string) => ({ results: results(0, id), phase: 'open' }) as unknown as PublicPoll,
    } as unknown as PollReads;
    const log = { warn: () => undefined, error: () => undefined } as unknown as Logger;
    server = createServer();
    channel = new LiveChannel(server, {
      polls,
      tokens: {} as VoterTokens,
      sites: { anyAllows: async () => true, get: async () => ({}) } as unknown as SiteDirectory,
      cache: new ResultsCache(),
      ownOrigins: [],
      instanceId: 'test',
      log,
      coalesceMs: COALESCE_MS,
      eventBudget: RateLimit.memory('socket-events', 1_000_000),
      socketsPerIp: 10,
      trustProxy: false,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = io(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { transports: ['websocket'], forceNew: true });
    received = [];
    client.on('results', (r) => received.push(`${r.pollId}@${r.version}`));
    for (const id of ['p1', 'p2']) assert.equal((await subscribe(id)).ok, true);
    clock = install({ toFake: ['setInterval', 'clearInterval'] });
  });

  afterEach(async () => {
    clock.uninstall();
    client.disconnect();
    await channel.close();
  });

  it('sends the first commit at once (leading edge)', async () => {
    channel.resultsChanged(results(1));
    await settled();
    assert.deepEqual(received, ['p1@1']);
  });

  it('sends at most one message per poll per interval, carrying the newest version (trailing edge)', async () => {
    for (const v of [1, 2, 3, 4]) channel.resultsChanged(results(v));
    await settled();
    assert.deepEqual(received, ['p1@1'], 'the burst after the first waits for the interval');
    channel.resultsChanged(results(5));
    await intervals(1);
    assert.deepEqual(received, ['p1@1', 'p1@5'], 'one message for 2–5, with the newest counts');
    await intervals(3);
    assert.deepEqual(received, ['p1@1', 'p1@5'], 'nothing new: nothing sent');
  });

  it('starts over with a leading edge once a quiet interval has passed', async () => {
    channel.resultsChanged(results(1));
    await intervals(1);
    channel.resultsChanged(results(2));
    await settled();
    assert.deepEqual(received, ['p1@1', 'p1@2']);
  });

  it('coalesces each poll on its own', async () => {
    channel.resultsChanged(results(1, 'p1'));
    channel.resultsChanged(results(2, 'p1'));
    channel.resultsChanged(results(1, 'p2'));
    await settled();
    assert.deepEqual(received, ['p1@1', 'p2@1'], 'p1’s wait does not hold p2 back');
    await intervals(1);
    assert.deepEqual(received, ['p1@1', 'p2@1', 'p1@2']);
  });

  it('never sends a version older than one already sent', async () => {
    channel.resultsChanged(results(5));
    channel.resultsChanged(results(3)); // a late, older commit
    await intervals(2);
    assert.deepEqual(received, ['p1@5']);
  });
});
