import { strict as assert } from 'node:assert';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, PollResults, ServerToClientEvents, SubscribeAck } from '@votewire/wire';
import { describeOnEachBackend } from '../support/backends';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

function connect(url: string, origin?: string): Promise<Client> {
  const socket: Client = io(url, { transports: ['websocket'], forceNew: true, extraHeaders: origin ? { Origin: origin } : {} });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const subscribe = (socket: Client, pollId: unknown, voterToken?: string) =>
  new Promise<SubscribeAck>((resolve) => socket.emit('subscribe', { pollId, voterToken } as never, resolve));

function nextResults(socket: Client, minVersion: number): Promise<PollResults> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no results with version ≥ ${minVersion} within 5 s`)), 5000);
    const onResults = (r: PollResults) => {
      if (r.version < minVersion) return;
      clearTimeout(timer);
      socket.off('results', onResults);
      resolve(r);
    };
    socket.on('results', onResults);
  });
}

describeOnEachBackend('live tallies over Socket.IO', (h) => {
  const sockets: Client[] = [];
  const open = async (origin?: string) => {
    const s = await connect(h().server.url, origin);
    sockets.push(s);
    return s;
  };
  afterEach(() => sockets.splice(0).forEach((s) => s.disconnect()));

  it('serves the Socket.IO client script and the long-polling transport (Koa stays out of /socket.io/)', async () => {
    const script = await fetch(`${h().server.url}/socket.io/socket.io.min.js`);
    assert.equal(script.status, 200);
    const handshake = await fetch(`${h().server.url}/socket.io/?EIO=4&transport=polling`);
    assert.equal(handshake.headers.get('x-served-by'), 'backend_1', 'Socket.IO responses name the instance too');
    assert.match(script.headers.get('content-type')!, /javascript/);
    assert.match(await script.text(), /io/);
    const socket: Client = io(h().server.url, { transports: ['polling'], forceNew: true });
    sockets.push(socket);
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const poll = await h().api.createPoll();
    const ack = await subscribe(socket, poll.id);
    assert.ok(ack.ok);
  });

  it('acknowledges a subscription with the current results, then pushes every change with its version', async () => {
    const { api } = h();
    const poll = await api.createPoll();
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
    const socket = await open();
    const ack = await subscribe(socket, poll.id);
    assert.ok(ack.ok);
    assert.equal(ack.visible, true);
    assert.equal(ack.results!.version, 1);
    assert.equal(ack.results!.totalBallots, 1);
    assert.equal(ack.results!.treeSize, 1, 'the ballot log entries the counts include');
    const pushed = nextResults(socket, 2);
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[2]!.id]);
    const update = await pushed;
    assert.equal(update.pollId, poll.id);
    assert.equal(update.version, 2);
    assert.equal(update.treeSize, 2);
    assert.deepEqual(
      update.options.map((o) => o.votes),
      [1, 0, 1],
    );
  });

  it('holds visibility on the socket: no counts before voting on an after_vote poll', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'after_vote' });
    const token = await api.voterToken(poll.id);
    const socket = await open();
    let leaked = 0;
    socket.on('results', () => leaked++);
    const ack = await subscribe(socket, poll.id, token);
    assert.ok(ack.ok);
    assert.equal(ack.visible, false);
    assert.equal(ack.results, null);
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(leaked, 0, 'a voter who has not voted got counts');

    await api.vote(poll.id, token, [poll.options[1]!.id]);
    const again = await subscribe(socket, poll.id, token);
    assert.ok(again.ok && again.visible);
    assert.equal(again.results!.totalBallots, 2);
    const pushed = nextResults(socket, 3);
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[2]!.id]);
    assert.equal((await pushed).totalBallots, 3);
  });

  it('tells watchers when a poll closes', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'after_close' });
    const socket = await open();
    const ack = await subscribe(socket, poll.id);
    assert.ok(ack.ok && !ack.visible);
    const phase = new Promise((resolve) => socket.once('phase', resolve));
    await api.admin('POST', `/polls/${poll.id}/close`);
    assert.deepEqual(await phase, { pollId: poll.id, phase: 'closed' });
    const after = await subscribe(socket, poll.id);
    assert.ok(after.ok && after.visible);
  });

  it('refuses malformed subscriptions, unknown polls and disallowed origins with an error ack', async () => {
    const { api } = h();
    const poll = await api.createPoll();
    const socket = await open();
    for (const bad of [undefined, 42, '', 'x'.repeat(40)]) {
      const ack = await subscribe(socket, bad);
      assert.equal(ack.ok, false);
    }
    const missing = await subscribe(socket, 'no-such-poll');
    assert.deepEqual(missing.ok === false && missing.error.code, 'poll_not_found');
    const forged = await subscribe(socket, poll.id, 'v1.forged.0.1.sig');
    assert.deepEqual(forged.ok === false && forged.error.code, 'invalid_voter_token');
    await assert.rejects(open('https://evil.example'), Error, 'no site allows it: refused at the handshake');
    await api.admin('POST', '/sites', { name: `Other ${Date.now()}`, allowedOrigins: ['https://other.example'] });
    const otherSite = await open('https://other.example');
    const refused = await subscribe(otherSite, poll.id);
    assert.deepEqual(refused.ok === false && refused.error.code, 'origin_not_allowed', 'another site’s origin may not follow this poll');
    assert.ok(socket.connected, 'bad messages do not drop the connection');
  });
});
