import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
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
      this.timeout(60_000);
      const flooders = await Promise.all([1, 2, 3, 4].map(() => open('203.0.113.50')));
      const refused = flooders.map((s) => next(s, 'refused'));
      // The flood from the review: 4 sockets, 5,000 subscribes each to random poll ids.
      for (const s of flooders) {
        for (let i = 0; i < 5000; i++) s.emit('subscribe', { pollId: randomBytes(6).toString('hex') }, () => undefined);
      }
      const latencies: number[] = [];
      for (let i = 0; i < 100; i++) {
        const started = performance.now();
        const res = await fetch(`${h().server.url}/healthz`);
        assert.equal(res.status, 200);
        await res.text();
        latencies.push(performance.now() - started);
        await sleep(10);
      }
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1]!;
      assert.ok(p99 < 50, `/healthz p99 ${p99.toFixed(1)} ms during the flood`);
      for (const reason of await Promise.all(refused)) assert.equal(reason.code, 'rate_limited');
      await sleep(100);
      assert.ok(
        flooders.every((s) => !s.connected),
        'every flooder is disconnected',
      );
      // Another address is not affected.
      const poll = await h().api.createPoll();
      assert.equal((await subscribe(await open('203.0.113.51'), poll.id)).ok, true);
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
