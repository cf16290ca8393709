import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PollChangedEvent, PollResults, RefusedEvent, ServerToClientEvents, SubscribeAck } from '@votewire/wire';
import { describeOnEachBackend } from '../support/backends';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const socket: Client = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const subscribe = (socket: Client, pollId: string, voterToken?: string) =>
  new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', voterToken ? { pollId, voterToken } : { pollId }, resolve));

const next = <E extends 'poll' | 'refused'>(socket: Client, event: E) =>
  new Promise<E extends 'poll' ? PollChangedEvent : RefusedEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} event within 5 s`)), 5000);
    socket.once(event, ((e: never) => {
      clearTimeout(timer);
      resolve(e);
    }) as never);
  });

/**
 * The flooding client, run by `node -e` with the server URL and the address it claims: prints
 * "flooding" once it is sending, one "refused <code>" per socket the server drops with a reason,
 * and exits when all four are disconnected.
 */
const FLOODER = `
const { io } = require('socket.io-client');
const { randomBytes } = require('node:crypto');
const [url, ip] = process.argv.slice(1);
let open = 4;
const timer = setTimeout(() => process.exit(1), 30000);
for (let n = 0; n < 4; n++) {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'X-Forwarded-For': ip } });
  socket.on('refused', (e) => console.log('refused ' + e.code));
  socket.on('disconnect', () => --open === 0 && clearTimeout(timer));
  socket.on('connect', () => {
    for (let i = 0; i < 5000; i++) socket.emit('subscribe', { pollId: randomBytes(6).toString('hex') }, () => undefined);
    if (n === 3) console.log('flooding');
  });
}
`;

/**
 * The review's flood from its own process, as an attacker's would be: 4 sockets, 5,000 subscribes
 * each to random poll ids. Samples /healthz 100 times meanwhile; returns its latencies and why the
 * server dropped each flooding socket.
 */
async function flood(url: string, ip: string): Promise<{ p50: number; p99: number; reasons: string[] }> {
  const child = spawn(process.execPath, ['-e', FLOODER, url, ip], { cwd: __dirname });
  const lines: string[] = [];
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)));
  for (let i = 0; i < 200 && !lines.includes('flooding'); i++) await sleep(50);
  assert.ok(lines.includes('flooding'), `the flooder did not start: ${lines.join(' | ')}`);
  const latencies = await probeHealthz(url);
  await exited; // once all four sockets are disconnected
  return { ...latencies, reasons: lines.filter((l) => l.startsWith('refused')) };
}

/** 100 sequential /healthz requests, 10 ms apart: their median and 99th percentile. */
async function probeHealthz(url: string): Promise<{ p50: number; p99: number }> {
  const latencies: number[] = [];
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    const res = await fetch(`${url}/healthz`);
    assert.equal(res.status, 200);
    await res.text();
    latencies.push(performance.now() - started);
    await sleep(10);
  }
  latencies.sort((a, b) => a - b);
  return { p50: latencies[49]!, p99: latencies[98]! };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every results message a socket receives from now on. */
function recorder(socket: Client): PollResults[] {
  const seen: PollResults[] = [];
  socket.on('results', (r) => seen.push(r));
  return seen;
}

describeOnEachBackend(
  'live channel: limits',
  (h) => {
    const sockets: Client[] = [];
    afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
    const open = async (ip: string) => {
      const s = await connect(h().server.url, { 'X-Forwarded-For': ip });
      sockets.push(s);
      return s;
    };

    it('keeps /healthz quick under a subscribe flood to made-up polls, and disconnects the flooders with a reason', async function () {
      this.timeout(120_000);
      const { db } = h().server.votewire;
      let queries = 0;
      const counted = () => queries++;
      db.write.on('query', counted);
      try {
        // The figure is p99 < 50 ms (normal: 2 ms). On a busy shared machine a scheduling
        // hiccup alone can pass 1 % of the samples: an attempt also counts when the flood is no
        // worse than the same machine idle just before; a fresh flood gets three chances.
        let met = false;
        for (let attempt = 1; attempt <= 3 && !met; attempt++) {
          const idle = await probeHealthz(h().server.url);
          const before = queries;
          const { p50, p99, reasons } = await flood(h().server.url, `203.0.113.5${attempt}`);
          const spent = queries - before;
          console.log(
            `      /healthz during flood ${attempt}: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms ` +
              `(idle: p50 ${idle.p50.toFixed(1)}, p99 ${idle.p99.toFixed(1)}); ${spent} queries`,
          );
          assert.deepEqual(reasons, ['refused rate_limited', 'refused rate_limited', 'refused rate_limited', 'refused rate_limited']);
          // 20,000 subscribes, 600 in the budget: at most 600 lookups of two queries (read pool,
          // then the primary for a poll the replica may not have yet), not 20,000.
          assert.ok(spent <= 1200, `${spent} queries for one flood`);
          met = p99 < Math.max(50, idle.p99 * 1.2);
        }
        assert.ok(met, '/healthz p99 during the flood: over 50 ms and over the idle machine’s in all three attempts');
      } finally {
        db.write.off('query', counted);
      }
      // Another address is not affected.
      const poll = await h().api.createPoll();
      assert.equal((await subscribe(await open('203.0.113.59'), poll.id)).ok, true);
    });

    it('counts every socket of an IP against one event budget, and drops a socket with too many subscriptions in flight', async () => {
      const first = await open('203.0.113.80');
      for (let batch = 0; batch < 12; batch++) {
        const acks = await Promise.all(Array.from({ length: 50 }, () => subscribe(first, 'nosuchpoll0002')));
        assert.ok(acks.every((a) => !a.ok && a.error.code === 'poll_not_found'));
      }
      const second = await open('203.0.113.80');
      const refused = next(second, 'refused');
      const ack = await subscribe(second, 'nosuchpoll0002');
      assert.equal(ack.ok ? '' : ack.error.code, 'rate_limited', 'the 601st event of the minute');
      assert.match((await refused).message, /socket-events/);
      const burst = await open('203.0.113.81');
      const dropped = next(burst, 'refused');
      for (let i = 0; i < 100; i++) burst.emit('subscribe', { pollId: 'nosuchpoll0003' }, () => undefined);
      assert.deepEqual(await dropped, { code: 'rate_limited', message: 'Too many subscriptions at once' });
    });

    it('caps sockets per IP', async () => {
      const ip = '203.0.113.60';
      for (let i = 0; i < 5; i++) await open(ip);
      await assert.rejects(open(ip)); // refused at the handshake (403)
      await open('203.0.113.61'); // another address is not affected
    });

    it('answers a repeated unknown poll id from memory', async () => {
      const socket = await open('203.0.113.70');
      const first = await subscribe(socket, 'nosuchpoll0001');
      const again = await subscribe(socket, 'nosuchpoll0001');
      assert.deepEqual(first, again);
      assert.equal(first.ok ? '' : first.error.code, 'poll_not_found');
    });
  },
  {
    VOTEWIRE_TRUST_PROXY: 'true',
    VOTEWIRE_SOCKETS_PER_IP: '5',
    VOTEWIRE_RATE_SOCKET_EVENTS_PER_MINUTE: '600',
  },
);

describeOnEachBackend('live channel: changes reach every watcher', (h) => {
  const sockets: Client[] = [];
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));
  const open = async () => {
    const s = await connect(h().server.url);
    sockets.push(s);
    return s;
  };

  it('stops counts to a watcher once the owner hides the results, and tells it', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'always' });
    const socket = await open();
    const ack = await subscribe(socket, poll.id);
    assert.ok(ack.ok && ack.visible);
    const changed = next(socket, 'poll');
    assert.equal((await api.admin('PATCH', `/polls/${poll.id}`, { resultsVisibility: 'hidden' })).status, 200);
    assert.deepEqual(await changed, { pollId: poll.id, phase: 'open', visible: false });
    const seen = recorder(socket);
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
    await sleep(600); // above the 250 ms broadcast interval
    assert.deepEqual(seen, [], 'no counts after the hide');
    // Shown again: counts flow again.
    const shown = next(socket, 'poll');
    await api.admin('PATCH', `/polls/${poll.id}`, { resultsVisibility: 'always' });
    assert.equal((await shown).visible, true);
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[1]!.id]);
    await sleep(600);
    assert.equal(seen.at(-1)?.totalBallots, 2);
  });

  it('stops counts of an after_close poll that is reopened', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'after_close' });
    await api.admin('POST', `/polls/${poll.id}/close`);
    const socket = await open();
    const ack = await subscribe(socket, poll.id);
    assert.ok(ack.ok && ack.visible, 'visible while closed');
    const changed = next(socket, 'poll');
    await api.admin('POST', `/polls/${poll.id}/open`);
    assert.deepEqual(await changed, { pollId: poll.id, phase: 'open', visible: false });
    const seen = recorder(socket);
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
    await sleep(600);
    assert.deepEqual(seen, []);
  });

  it('keeps counts for an after_vote voter who voted, and tells watchers of an options change', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'after_vote' });
    const token = await api.voterToken(poll.id);
    await api.vote(poll.id, token, [poll.options[0]!.id]);
    const voter = await open();
    const stranger = await open();
    assert.ok((await subscribe(voter, poll.id, token)).ok);
    assert.ok((await subscribe(stranger, poll.id)).ok);
    const events = [next(voter, 'poll'), next(stranger, 'poll')];
    await api.admin('PATCH', `/polls/${poll.id}`, { question: 'Renamed?' });
    const [toVoter, toStranger] = await Promise.all(events);
    assert.equal(toVoter.visible, true);
    assert.equal(toStranger.visible, false);
  });
});
