// Abuse: rate limits per IP and per voter token with 429 + Retry-After (shared through
// Redis across instances), origins on the Socket.IO handshake, one site's key against every admin
// route of another, no cross-origin admin calls, salted IP hashes, security headers.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { commitmentOf } from '@votewire/db';
import { io } from 'socket.io-client';
import type { AdminPoll } from '@votewire/wire';
import { apiRouter } from '../../src/http/app';
import { RateLimit } from '../../src/http/rate-limit';
import type { Services } from '../../src/services';
import { hmac, safeEqual, sha256 } from '../../src/services/secrets';
import { startTestServer, type TestServer } from '../support/test-server';
import { Api } from '../support/api';
import { describeOnEachBackend, startBackend, type Harness } from '../support/backends';
import { fingerprint } from './support';

const SECRET = 'abuse-secret-'.repeat(3);

function handshake(url: string, origin: string): Promise<'connected' | string> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { Origin: origin } });
  return new Promise((done) => {
    socket.once('connect', () => {
      socket.disconnect();
      done('connected');
    });
    socket.once('connect_error', (err) => {
      socket.disconnect();
      done(err.message || 'refused');
    });
  });
}

describeOnEachBackend(
  'abuse',
  (h) => {
    let poll: AdminPoll;

    before(async () => {
      poll = await h().api.createPoll();
    });

    describe('rate limits behind a proxy', () => {
      let limited: Harness;
      before(async function () {
        this.timeout(60_000);
        limited = await startBackend(h().kind, {
          VOTEWIRE_RATE_VOTES_PER_MINUTE: '4',
          VOTEWIRE_TRUST_PROXY: 'true',
          VOTEWIRE_SECRET: SECRET,
        });
      });
      after(async () => limited?.server.close());

      it('holds the per-IP vote budget whatever X-Forwarded-For the client itself sends', async () => {
        const { api } = limited;
        const p = await api.createPoll();
        const statuses: number[] = [];
        let last;
        for (let i = 0; i < 5; i++) {
          // nginx appends the address it saw; everything before it came from the client.
          last = await api.vote(p.id, await api.voterToken(p.id), [p.options[0]!.id], randomUUID(), {
            'X-Forwarded-For': `203.0.113.${i}, 10.0.0.1`,
          });
          statuses.push(last.status);
        }
        assert.deepEqual(statuses, [201, 201, 201, 201, 429]);
        assert.equal(last!.body.error!.code, 'rate_limited');
        assert.ok(Number(last!.headers.get('retry-after')) >= 1, 'Retry-After in seconds');
        // Another client address still has its own budget.
        const other = await api.vote(p.id, await api.voterToken(p.id), [p.options[0]!.id], randomUUID(), { 'X-Forwarded-For': '10.0.0.2' });
        assert.equal(other.status, 201);
      });

      it('holds the per-voter-token budget across client addresses', async () => {
        const { api } = limited;
        // A token votes in one poll: its voter changes the vote from address after address.
        const p = await api.createPoll({ allowVoteChange: true });
        const token = await api.voterToken(p.id);
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++) {
          const res = await api.vote(p.id, token, [p.options[i % 2]!.id], randomUUID(), { 'X-Forwarded-For': `10.0.1.${i}` });
          statuses.push(res.status);
          if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) >= 1);
        }
        assert.deepEqual(statuses, [201, 201, 201, 201, 429]);
      });
    });

    it('refuses a Socket.IO handshake from an origin no site allows, and accepts an allowed one', async () => {
      const { api, server } = h();
      // A new origin only: the directory caches the union of all sites' origins for a few seconds.
      assert.equal((await api.admin('PATCH', '/site', { allowedOrigins: ['https://news.example'] })).status, 200);
      assert.notEqual(await handshake(server.url, 'https://evil.example'), 'connected');
      assert.notEqual(await handshake(server.url, 'null'), 'connected');
      assert.equal(await handshake(server.url, 'https://news.example'), 'connected');
      assert.equal(await handshake(server.url, server.url.replace('127.0.0.1', 'localhost')), 'connected', 'the instance’s own origin');
    });

    it('keeps one site’s key out of every admin route of another site', async () => {
      const { api } = h();
      const created = await api.admin('POST', '/sites', { name: 'Site B' });
      const keyB = created.body.apiKey.key as string;
      const mine = await api.createPoll();
      await api.vote(mine.id, await api.voterToken(mine.id), [mine.options[0]!.id]);
      const myKey = (await api.admin('POST', '/api-keys', { name: 'A second key' })).body;
      const myIdentityKey = (await api.admin('POST', '/site/identity-keys')).body;
      const attempts: [string, string, unknown, number][] = [
        ['GET', `/polls/${mine.id}`, undefined, 404],
        ['PATCH', `/polls/${mine.id}`, { question: 'hijacked' }, 404],
        ['DELETE', `/polls/${mine.id}`, undefined, 404],
        ['POST', `/polls/${mine.id}/open`, undefined, 404],
        ['POST', `/polls/${mine.id}/close`, undefined, 404],
        ['GET', `/polls/${mine.id}/results`, undefined, 404],
        ['GET', `/polls/${mine.id}/ballots.csv`, undefined, 404],
        ['GET', `/polls/${mine.id}/log`, undefined, 404],
        ['GET', `/polls/${mine.id}/log/entries?start=0&end=0`, undefined, 404],
        ['GET', `/polls/${mine.id}/log/inclusion?commitment=${'0'.repeat(64)}&treeSize=1`, undefined, 404],
        ['GET', `/polls/${mine.id}/log/consistency?first=1&second=1`, undefined, 404],
        ['DELETE', `/api-keys/${myKey.id}`, undefined, 404],
        ['DELETE', `/site/identity-keys/${myIdentityKey.id}`, undefined, 404],
        ['POST', '/sites', { name: 'C' }, 403],
      ];
      const snapshot = await fingerprint(h().server.votewire.db.write);
      for (const [method, path, body, status] of attempts) {
        const res = await api.admin(method, path, body, keyB);
        assert.equal(res.status, status, `${method} ${path} with site B's key`);
        assert.ok(!JSON.stringify(res.body).includes(mine.question) || method === 'POST', 'nothing of site A shown');
      }
      assert.equal(await fingerprint(h().server.votewire.db.write), snapshot, 'site B changed nothing');
      // Routes that act on the caller's own site see and change site B only.
      const polls = await api.admin('GET', '/polls', undefined, keyB);
      assert.deepEqual(polls.body.items, []);
      const keys = await api.admin('GET', '/api-keys', undefined, keyB);
      assert.deepEqual(
        keys.body.items.map((k: { name: string }) => k.name),
        ['First key'],
      );
      assert.equal((await api.admin('GET', '/site', undefined, keyB)).body.name, 'Site B');
      assert.equal((await api.admin('PATCH', '/site', { name: 'B renamed' }, keyB)).status, 200);
      const identityKeyB = await api.admin('POST', '/site/identity-keys', undefined, keyB);
      assert.ok(
        !(await api.admin('GET', '/site/identity-keys')).body.items.some((k: { id: string }) => k.id === identityKeyB.body.id),
        'B’s identity key is not A’s',
      );
      assert.deepEqual(
        (await api.admin('GET', '/site/identity-keys', undefined, keyB)).body.items.map((k: { id: string }) => k.id),
        [identityKeyB.body.id],
      );
      assert.equal((await api.admin('GET', '/site/identity-keys')).body.items[0].revokedAt, null, 'A’s key not revoked by B');
      const created2 = await api.admin('POST', '/polls', { question: 'B’s poll', options: [{ label: 'x' }, { label: 'y' }] }, keyB);
      const newKey = await api.admin('POST', '/api-keys', { name: 'B2' }, keyB);
      assert.notEqual((await api.admin('GET', '/site')).body.name, 'B renamed', 'site A keeps its name');
      assert.ok(
        !(await api.admin('GET', '/polls')).body.items.some((p: { id: string }) => p.id === created2.body.id),
        'B’s poll is not A’s',
      );
      assert.ok(
        !(await api.admin('GET', '/api-keys')).body.items.some((k: { id: number }) => k.id === newKey.body.id),
        'B’s key is not A’s',
      );
      // Every admin route of the API is in this test: a new one must be added here.
      const limit = RateLimit.memory('t', 1);
      const covered = new Set(
        [
          ...attempts.map(([m, p]) => `${m} ${p.replace(/\?.*/, '')}`),
          'GET /polls',
          'POST /polls',
          'GET /api-keys',
          'POST /api-keys',
          'GET /site',
          'PATCH /site',
          'GET /site/identity-keys',
          'POST /site/identity-keys',
        ].map((r) => r.replace(mine.id, ':id').replace(`/${myKey.id}`, '/:id').replace(`/${myIdentityKey.id}`, '/:id')),
      );
      const publicRoutes = [
        'GET /openapi.json',
        'GET /voter-tokens/challenge',
        'POST /voter-tokens',
        'POST /polls/:id/votes',
        'GET /log-keys',
      ];
      for (const layer of apiRouter({} as Services, { votes: limit, tokens: limit, reads: limit }).stack) {
        for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
          const route = `${method} ${layer.path.replace('/api/v1', '')}`;
          if (!publicRoutes.includes(route)) assert.ok(covered.has(route), `admin route ${route} is tested against another site's key`);
        }
      }
    });

    it('answers no cross-origin call to the admin API, and lets no page send credentials to the public one', async () => {
      const { api } = h();
      const evil = 'https://evil.example';
      for (const [method, path] of [
        ['GET', '/api/v1/polls'],
        ['POST', '/api/v1/polls'],
        ['PATCH', `/api/v1/polls/${poll.id}`],
        ['DELETE', `/api/v1/polls/${poll.id}`],
        ['GET', `/api/v1/polls/${poll.id}/ballots.csv`],
        ['GET', '/api/v1/api-keys'],
        ['PATCH', '/api/v1/site'],
        ['POST', '/api/v1/sites'],
      ]) {
        const preflight = await api.request('OPTIONS', path!, {
          headers: {
            Origin: evil,
            'Access-Control-Request-Method': method!,
            'Access-Control-Request-Headers': 'authorization, content-type',
          },
        });
        // A path shared with the widget (GET /polls/:id) answers preflights, but never for an
        // admin method or with the Authorization header allowed, so the browser stops the call.
        const allowed = preflight.headers.get('access-control-allow-origin') === evil;
        const methodOk =
          ['GET', 'POST'].includes(method!) || (preflight.headers.get('access-control-allow-methods') ?? '').includes(method!);
        const authOk = /authorization/i.test(preflight.headers.get('access-control-allow-headers') ?? '');
        assert.ok(!(allowed && methodOk && authOk), `preflight ${method} ${path} must fail`);
        const actual = await api.request(method === 'DELETE' ? 'GET' : method!, path!, { headers: { Origin: evil }, key: api.adminKey });
        if (path !== `/api/v1/polls/${poll.id}`) assert.equal(actual.headers.get('access-control-allow-origin'), null, `${method} ${path}`);
      }
      const pub = await api.request('OPTIONS', `/api/v1/polls/${poll.id}/votes`, {
        headers: { Origin: evil, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization' },
      });
      assert.doesNotMatch(pub.headers.get('access-control-allow-headers') ?? '', /authorization/i);
      assert.equal(pub.headers.get('access-control-allow-credentials'), null);
    });

    it('sends security headers on every API answer, errors included', async () => {
      const { api } = h();
      for (const res of [
        await api.publicPoll(poll.id),
        await api.request('GET', '/api/v1/nope', { unchecked: true }),
        await api.admin('GET', '/site', undefined, 'bad-key-123'),
      ]) {
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
        assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'.*frame-ancestors 'none'/);
        assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      }
    });

    it('stores only a salted hash of the voter’s IP, never the address', async () => {
      const { api, server } = h();
      const p = await api.createPoll();
      const res = await api.vote(p.id, await api.voterToken(p.id), [p.options[0]!.id]);
      assert.equal(res.status, 201);
      const row = await server.votewire.db.write('ballots').where('commitment', commitmentOf(res.body.receipt)).first();
      const ips = ['127.0.0.1', '::ffff:127.0.0.1', '::1'];
      assert.ok(
        ips.some((ip) => row.ipHash === hmac(SECRET, `ip:${ip}`)),
        'the hash is keyed with the instance secret',
      );
      assert.ok(!ips.some((ip) => row.ipHash === sha256(ip) || row.ipHash === sha256(`ip:${ip}`)), 'not a bare hash anyone can recompute');
      const stored =
        JSON.stringify(await server.votewire.db.write('ballots').select('*')) +
        JSON.stringify(await server.votewire.db.write('vote_requests').select('*'));
      for (const ip of ips) assert.ok(!stored.includes(`"${ip}"`), `no raw address ${ip} stored`);
    });

    it('keys idempotency per voter: another voter reusing a key gets its own ballot, not the first one’s answer', async () => {
      const { api } = h();
      const p = await api.createPoll();
      const key = randomUUID();
      const first = await api.vote(p.id, await api.voterToken(p.id), [p.options[0]!.id], key);
      const second = await api.vote(p.id, await api.voterToken(p.id), [p.options[1]!.id], key);
      assert.equal(second.status, 201);
      assert.equal(second.headers.get('idempotent-replayed'), null);
      assert.notEqual(second.body.receipt, first.body.receipt);
      assert.deepEqual(
        (await api.results(p.id, { admin: true })).body.options.map((o) => o.votes),
        [1, 1, 0],
      );
    });
  },
  { VOTEWIRE_SECRET: SECRET },
);

describe('secrets are compared in constant time', () => {
  it('safeEqual compares digests of equal length with timingSafeEqual', () => {
    assert.equal(safeEqual('abc', 'abc'), true);
    assert.equal(safeEqual('abc', 'abd'), false);
    assert.equal(safeEqual('abc', 'abcd'), false);
    assert.equal(safeEqual('', ''), true);
  });

  it('voter token signatures go through safeEqual, and API keys are found by their hash, never compared', () => {
    const src = (f: string) => readFileSync(resolve(__dirname, '../../src/services', f), 'utf8');
    assert.match(src('voter-tokens.ts'), /safeEqual\(signature, hmac\(/);
    assert.doesNotMatch(src('voter-tokens.ts'), /signature\s*[!=]==|===\s*signature/);
    assert.match(src('api-keys.ts'), /findOne\(\{ keyHash: hashKey\(key\) \}\)/);
    assert.doesNotMatch(src('api-keys.ts'), /key\s*===|===\s*key\b/);
  });
});

describe('rate limits shared by instances through Redis', function () {
  const redisPort = Number(process.env.VOTEWIRE_TEST_REDIS_PORT || 16398);
  const script = resolve(__dirname, '../../../db/cluster/redis-instance.sh');
  let dir: string;
  const servers: TestServer[] = [];

  before(async function () {
    this.timeout(30_000);
    dir = mkdtempSync(join(tmpdir(), 'votewire-redis-'));
    execFileSync(script, ['start', 'test-redis', String(redisPort), dir], { stdio: 'pipe' });
    for (let i = 0; i < 2; i++) {
      servers.push(
        await startTestServer({
          VOTEWIRE_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          VOTEWIRE_RATE_TOKENS_PER_MINUTE: '3',
          VOTEWIRE_INSTANCE_ID: `backend_${i + 1}`,
        }),
      );
    }
    // Until its Redis connection is ready an instance counts on its own (the limiter's insurance).
    await new Promise((r) => setTimeout(r, 1000));
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
    if (dir) {
      execFileSync(script, ['stop', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts one client’s requests on every instance against one budget', async () => {
    const [a, b] = servers.map((s) => new Api(s.url, s.adminKey)) as [Api, Api];
    const pollOf = new Map([
      [a, (await a.createPoll()).id],
      [b, (await b.createPoll()).id],
    ]);
    const mint = (api: Api) => api.request('POST', '/api/v1/voter-tokens', { body: { pollId: pollOf.get(api) } });
    const statuses: number[] = [];
    for (const api of [a, b, a, b, a]) statuses.push((await mint(api)).status);
    assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    const res = await mint(b);
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
  });
});
