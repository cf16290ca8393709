// Bad input over Socket.IO: malformed messages. Each subscribe gets a refusal the widget can
// read (never an internal error), nothing is written, clients cannot forge tallies for others, and
// the server stays up through garbage frames and oversized messages.
import { strict as assert } from 'node:assert';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { AdminPoll, PollResults, SubscribeAck } from '@votewire/wire';
import { TOKEN_LIFETIME_MS, VoterTokens } from '../../src/services/voter-tokens';
import { describeOnEachBackend } from '../support/backends';
import { fingerprint } from './support';
import { HOSTILE_TEXT, WRONG_TYPES, nest } from './values';

const SECRET = 'socket-fuzz-secret-'.repeat(3);

function connect(url: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The ack, or null when the server (rightly) does not answer within `ms`. */
function emitWithAck(socket: Socket, event: string, args: unknown[], ms = 2000): Promise<unknown> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.emit(event, ...args, (ack: unknown) => {
      clearTimeout(timer);
      resolve(ack);
    });
  });
}

describeOnEachBackend(
  'fuzz: malformed socket messages',
  (h) => {
    let poll: AdminPoll;
    let draft: AdminPoll;
    let otherSiteToken: string;
    let cases = 0;
    const sockets: Socket[] = [];

    before(async () => {
      const { api } = h();
      poll = await api.createPoll();
      draft = await api.createPoll({ status: 'draft' });
      const site = await api.admin('POST', '/sites', { name: 'Site B' });
      const other = await api.createPoll({}, site.body.apiKey.key);
      otherSiteToken = await api.voterToken(other.id);
    });
    after(() => {
      sockets.forEach((s) => s.disconnect());
      process.stdout.write(`      fuzz [${h()?.kind}]: ${cases} socket cases tried\n`);
    });

    it('refuses every malformed subscribe with a readable error, writes nothing, and still serves', async () => {
      const snapshot = await fingerprint(h().server.votewire.db.write);
      const socket = await connect(h().server.url);
      sockets.push(socket);
      const tokens = new VoterTokens(SECRET);
      const expired = tokens.issue(poll.id, undefined, Date.now() - TOKEN_LIFETIME_MS - 60_000).token;
      const payloads: unknown[] = [
        ...WRONG_TYPES,
        'a string',
        { pollId: 1 },
        { pollId: '' },
        { pollId: 'x'.repeat(33) },
        { pollId: ['x'] },
        { pollId: { $ne: null } },
        { pollId: 'nope' },
        { pollId: draft.id },
        ...HOSTILE_TEXT.map((pollId) => ({ pollId })),
        { pollId: poll.id, voterToken: 5 },
        { pollId: poll.id, voterToken: ['v1'] },
        { pollId: poll.id, voterToken: 'forged' },
        { pollId: poll.id, voterToken: 'v2.a.x.y.9999999999.forged' },
        { pollId: poll.id, voterToken: expired },
        { pollId: poll.id, voterToken: otherSiteToken },
        { pollId: poll.id, voterToken: new VoterTokens('another-secret-'.repeat(3)).issue(poll.id).token },
        nest(50, { pollId: poll.id }),
      ];
      for (const payload of payloads) {
        const ack = (await emitWithAck(socket, 'subscribe', [payload])) as SubscribeAck | null;
        cases++;
        const shown = JSON.stringify(payload)?.slice(0, 60);
        assert.ok(ack && ack.ok === false, `refused: ${shown} → ${JSON.stringify(ack)}`);
        if (ack.ok === false) {
          assert.equal(typeof ack.error.code, 'string', shown);
          assert.notEqual(ack.error.code, 'internal_error', shown);
        }
      }
      // No ack function, extra arguments, unknown events, unsubscribe garbage: ignored, connection kept.
      socket.emit('subscribe', { pollId: poll.id });
      socket.emit('subscribe');
      socket.emit('subscribe', { pollId: poll.id }, 'not a function', 42);
      socket.emit('hack', { admin: true });
      socket.emit('__proto__', {});
      for (const payload of [...WRONG_TYPES, { pollId: 5 }]) {
        socket.emit('unsubscribe', payload);
        assert.deepEqual(await emitWithAck(socket, 'unsubscribe', [payload]), { ok: true });
      }
      cases += 5 + 2 * (WRONG_TYPES.length + 1);
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(socket.connected, 'the connection survived the garbage');
      const good = (await emitWithAck(socket, 'subscribe', [{ pollId: poll.id }])) as SubscribeAck;
      assert.equal(good.ok, true);
      assert.equal(await fingerprint(h().server.votewire.db.write), snapshot, 'no socket message wrote anything');
    });

    it('does not relay tallies a client sends to other watchers', async () => {
      const [forger, watcher] = [await connect(h().server.url), await connect(h().server.url)];
      sockets.push(forger, watcher);
      assert.equal(((await emitWithAck(watcher, 'subscribe', [{ pollId: poll.id }])) as SubscribeAck).ok, true);
      const seen: PollResults[] = [];
      watcher.on('results', (r: PollResults) => seen.push(r));
      const fake = { pollId: poll.id, version: 999_999, totalBallots: 1e6, options: [], committedAt: Date.now() };
      forger.emit('results', fake);
      forger.emit('committed', fake);
      forger.emit('phase', { pollId: poll.id, phase: 'closed' });
      cases += 3;
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(
        seen.filter((r) => r.version === 999_999),
        [],
      );
    });

    it('survives raw garbage frames and oversized messages', async function () {
      this.timeout(20_000);
      const url = h().server.url.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket';
      const frames: (string | Buffer)[] = [
        '42[',
        '42["subscribe",',
        '4',
        '49999',
        '42[1,2,3]',
        '42{"a":1}',
        '4/admin,0',
        '9',
        '',
        'x'.repeat(1000),
        Buffer.from([0xff, 0xfe, 0x00, 0x01]),
        '42["subscribe",' + '['.repeat(5000) + ']'.repeat(5000) + ']',
        '42["subscribe",{"pollId":"' + 'x'.repeat(20 * 1024) + '"}]',
      ];
      for (const frame of frames) {
        const ws = new WebSocket(url);
        await new Promise<void>((resolve) => {
          ws.once('open', () => {
            ws.send('40');
            ws.send(frame);
            setTimeout(() => {
              ws.terminate();
              resolve();
            }, 150);
          });
          ws.once('error', () => resolve());
        });
        cases++;
      }
      const res = await fetch(`${h().server.url}/healthz`);
      assert.equal(res.status, 200, 'the server is still up');
      const fresh = await connect(h().server.url);
      sockets.push(fresh);
      assert.equal(((await emitWithAck(fresh, 'subscribe', [{ pollId: poll.id }])) as SubscribeAck).ok, true);
    });
  },
  { VOTEWIRE_SECRET: SECRET },
);
