import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { solveChallenge } from 'altcha-lib/v1';
import { SignJWT } from 'jose';
import type { AdminPoll, AltchaChallenge } from '@votewire/wire';
import type { Api } from '../support/api';
import { describeOnEachBackend } from '../support/backends';

const ATTEMPTS = 200;
const AT_ONCE = 20;
const TOKEN_BUDGET = 30;

/**
 * One scripted client on one address stuffing a poll: ATTEMPTS votes, each with a freshly minted
 * token and its own Idempotency-Key, AT_ONCE at a time. Returns how many were accepted.
 */
async function stuff(api: Api, poll: AdminPoll, mint: (i: number) => Promise<string | null>): Promise<number> {
  let accepted = 0;
  for (let start = 0; start < ATTEMPTS; start += AT_ONCE) {
    const replies = await Promise.all(
      Array.from({ length: AT_ONCE }, async (_, j) => {
        const token = await mint(start + j);
        return token ? (await api.vote(poll.id, token, [poll.options[0]!.id], randomUUID())).status : 0;
      }),
    );
    accepted += replies.filter((s) => s === 201).length;
  }
  return accepted;
}

const mintOrNull = async (api: Api, pollId: string, extra: { identity?: string } = {}) => {
  const res = await api.request('POST', '/api/v1/voter-tokens', { body: { pollId, ...extra } });
  return res.status === 201 ? (res.body.token as string) : null;
};

const totalBallots = async (api: Api, pollId: string) => (await api.results(pollId, { admin: true })).body.totalBallots;

async function identityKey(api: Api): Promise<{ id: string; secret: string }> {
  const res = await api.admin('POST', '/site/identity-keys');
  assert.equal(res.status, 201);
  return res.body;
}

async function siteId(api: Api): Promise<number> {
  return (await api.admin('GET', '/site')).body.id;
}

function signIdentity(
  key: { id: string; secret: string },
  claims: { sub?: unknown; aud?: string; exp?: number },
  alg = 'HS256',
): Promise<string> {
  const jwt = new SignJWT(claims as Record<string, unknown>).setProtectedHeader({ alg, kid: key.id });
  return jwt.sign(new TextEncoder().encode(key.secret));
}

const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

async function solved(challenge: AltchaChallenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  assert.ok(solution, 'the challenge has a solution within maxnumber');
  return btoa(JSON.stringify({ ...challenge, number: solution.number, maxnumber: undefined }));
}

for (const mode of ['batched', 'single']) {
  describeOnEachBackend(
    `voter policies: stuffing from one client, ${mode} writes`,
    (h) => {
      it(`browser: counts no more ballots than the token budget (${TOKEN_BUDGET} a minute)`, async function () {
        this.timeout(120_000);
        const { api } = h();
        const poll = await api.createPoll({ voterPolicy: 'browser' });
        let minted = 0;
        const accepted = await stuff(api, poll, async () => {
          const token = await mintOrNull(api, poll.id);
          if (token) minted++;
          return token;
        });
        assert.equal(minted, TOKEN_BUDGET);
        assert.equal(accepted, TOKEN_BUDGET);
        assert.equal(await totalBallots(api, poll.id), TOKEN_BUDGET);
      });
    },
    { VOTEWIRE_WRITE_MODE: mode, VOTEWIRE_RATE_TOKENS_PER_MINUTE: String(TOKEN_BUDGET) },
  );

  describeOnEachBackend(
    `voter policies, ${mode} writes`,
    (h) => {
      it('ip: counts exactly maxBallotsPerIp ballots from one address, refusing the rest with 409 ip_limit_reached', async function () {
        this.timeout(120_000);
        const { api } = h();
        const poll = await api.createPoll({ voterPolicy: 'ip', maxBallotsPerIp: 3 });
        assert.deepEqual([poll.voterPolicy, poll.maxBallotsPerIp], ['ip', 3]);
        const accepted = await stuff(api, poll, () => mintOrNull(api, poll.id));
        assert.equal(accepted, 3);
        assert.equal(await totalBallots(api, poll.id), 3);
        const over = await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
        assert.equal(over.status, 409);
        assert.equal(over.body.error!.code, 'ip_limit_reached');
      });

      it('ip: a voter changing a ballot does not use another of the address’s ballots', async () => {
        const { api } = h();
        const poll = await api.createPoll({ voterPolicy: 'ip', maxBallotsPerIp: 1, allowVoteChange: true });
        const token = await api.voterToken(poll.id);
        assert.equal((await api.vote(poll.id, token, [poll.options[0]!.id])).status, 201);
        const change = await api.vote(poll.id, token, [poll.options[1]!.id]);
        assert.equal(change.status, 201);
        assert.equal(change.body.changed, true);
        const other = await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
        assert.equal(other.body.error!.code, 'ip_limit_reached');
        const results = (await api.results(poll.id, { admin: true })).body;
        assert.deepEqual([results.totalBallots, results.options[1]!.votes], [1, 1]);
      });

      it('site_user: counts exactly one ballot per distinct sub, whatever the number of tokens', async function () {
        this.timeout(120_000);
        const { api } = h();
        const key = await identityKey(api);
        const aud = String(await siteId(api));
        const poll = await api.createPoll({ voterPolicy: 'site_user' });
        const subs = 7;
        const jwts = await Promise.all(
          Array.from({ length: subs }, (_, i) => signIdentity(key, { sub: `user-${i}`, aud, exp: inAnHour() })),
        );
        const accepted = await stuff(api, poll, (i) => mintOrNull(api, poll.id, { identity: jwts[i % subs]! }));
        assert.equal(accepted, subs);
        assert.equal(await totalBallots(api, poll.id), subs);
        const again = await api.vote(poll.id, await api.voterToken(poll.id, { identity: jwts[0]! }), [poll.options[1]!.id]);
        assert.equal(again.status, 409);
        assert.equal(again.body.error!.code, 'already_voted');
      });

      it('site_user: refuses anonymous tokens with 403 identity_required, when minting and when voting', async () => {
        const { api } = h();
        const poll = await api.createPoll();
        const anonymous = await api.voterToken(poll.id);
        const patched = await api.admin('PATCH', `/polls/${poll.id}`, { voterPolicy: 'site_user' });
        assert.equal(patched.body.voterPolicy, 'site_user');
        const mint = await api.request('POST', '/api/v1/voter-tokens', { body: { pollId: poll.id } });
        assert.deepEqual([mint.status, mint.body.error.code], [403, 'identity_required']);
        const vote = await api.vote(poll.id, anonymous, [poll.options[0]!.id]);
        assert.deepEqual([vote.status, vote.body.error!.code], [403, 'identity_required']);
        assert.equal((await api.publicPoll(poll.id)).body.voterPolicy, 'site_user', 'the public view tells the widget');
      });

      it('identity JWTs: each refusal names its cause with a 401 code', async () => {
        const { api } = h();
        const key = await identityKey(api);
        const aud = String(await siteId(api));
        const poll = await api.createPoll({ voterPolicy: 'site_user' });
        const now = Math.floor(Date.now() / 1000);
        const other = await api.admin('POST', '/sites', { name: 'Another site' });
        const foreignKey = (await api.admin('POST', '/site/identity-keys', undefined, other.body.apiKey.key)).body;
        const revoked = await identityKey(api);
        assert.equal((await api.admin('DELETE', `/site/identity-keys/${revoked.id}`)).status, 204);
        const cases: [string, string | Promise<string>][] = [
          ['identity_invalid_signature', signIdentity({ id: key.id, secret: 'not-the-secret' }, { sub: 'u', aud, exp: inAnHour() })],
          ['identity_unknown_key', signIdentity({ id: 'ik_nosuchkey', secret: key.secret }, { sub: 'u', aud, exp: inAnHour() })],
          ['identity_unknown_key', signIdentity(foreignKey, { sub: 'u', aud, exp: inAnHour() })],
          ['identity_key_revoked', signIdentity(revoked, { sub: 'u', aud, exp: inAnHour() })],
          ['identity_wrong_audience', signIdentity(key, { sub: 'u', aud: String(other.body.site.id), exp: inAnHour() })],
          ['identity_expired', signIdentity(key, { sub: 'u', aud, exp: now - 3600 })],
          ['identity_invalid', signIdentity(key, { sub: 'u', aud })],
          ['identity_invalid', signIdentity(key, { sub: 'u', aud, exp: now + 25 * 3600 })],
          ['identity_invalid', signIdentity(key, { sub: 'x'.repeat(129), aud, exp: inAnHour() })],
          ['identity_invalid', signIdentity(key, { aud, exp: inAnHour() })],
          ['identity_invalid', signIdentity(key, { sub: 'u', aud, exp: inAnHour() }, 'HS512')],
          ['identity_invalid', 'not.a.jwt'],
        ];
        for (const [code, jwt] of cases) {
          const res = await api.request('POST', '/api/v1/voter-tokens', { body: { pollId: poll.id, identity: await jwt } });
          assert.deepEqual([res.status, res.body.error?.code], [401, code], `expected ${code}`);
        }
        const good = await api.request('POST', '/api/v1/voter-tokens', {
          body: { pollId: poll.id, identity: await signIdentity(key, { sub: 'u', aud, exp: inAnHour() }) },
        });
        assert.equal(good.status, 201);
      });

      it('identity keys: old and new both valid until the old is revoked; secrets never listed', async () => {
        const { api } = h();
        const aud = String(await siteId(api));
        const poll = await api.createPoll({ voterPolicy: 'site_user' });
        const [oldKey, newKey] = [await identityKey(api), await identityKey(api)];
        const mintWith = async (key: { id: string; secret: string }) =>
          (
            await api.request('POST', '/api/v1/voter-tokens', {
              body: { pollId: poll.id, identity: await signIdentity(key, { sub: 'same-user', aud, exp: inAnHour() }) },
            })
          ).status;
        assert.deepEqual([await mintWith(oldKey), await mintWith(newKey)], [201, 201]);
        assert.equal((await api.admin('DELETE', `/site/identity-keys/${oldKey.id}`)).status, 204);
        assert.deepEqual([await mintWith(oldKey), await mintWith(newKey)], [401, 201]);
        const list = (await api.admin('GET', '/site/identity-keys')).body.items as Record<string, unknown>[];
        const mine = list.filter((k) => k.id === oldKey.id || k.id === newKey.id);
        assert.equal(mine.length, 2);
        assert.ok(mine.every((k) => !('secret' in k) && typeof k.createdAt === 'string' && k.lastUsedAt !== null));
        assert.notEqual(mine.find((k) => k.id === oldKey.id)!.revokedAt, null);
        assert.equal((await api.admin('DELETE', '/site/identity-keys/ik_nosuchkey')).status, 404);
      });

      it('proof of work: required, checked, usable once; a good solution mints a token', async function () {
        this.timeout(60_000);
        const { api } = h();
        const poll = await api.createPoll();
        const other = await api.createPoll();
        assert.equal((await api.voterToken(poll.id)).length > 0, true, 'off by default');
        const site = await api.admin('PATCH', '/site', { proofOfWork: { enabled: true, difficulty: 1000 } });
        assert.deepEqual(site.body.proofOfWork, { enabled: true, difficulty: 1000 });
        const mint = (body: Record<string, unknown>) => api.request('POST', '/api/v1/voter-tokens', { body });
        try {
          const missing = await mint({ pollId: poll.id });
          assert.deepEqual([missing.status, missing.body.error.code], [403, 'challenge_required']);

          const challenge = (await api.request('GET', `/api/v1/voter-tokens/challenge?pollId=${poll.id}`)).body as AltchaChallenge;
          assert.equal(challenge.maxnumber, 1000);
          assert.match(challenge.salt, /expires=\d+/);
          const payload = await solved(challenge);
          const wrong = btoa(JSON.stringify({ ...JSON.parse(atob(payload)), number: JSON.parse(atob(payload)).number + 1 }));
          for (const [body, code] of [
            [{ pollId: poll.id, altcha: wrong }, 'challenge_failed'],
            [{ pollId: poll.id, altcha: 'garbage' }, 'challenge_failed'],
            [{ pollId: other.id, altcha: payload }, 'challenge_failed'],
          ] as const) {
            const res = await mint(body);
            assert.deepEqual([res.status, res.body.error.code], [403, code]);
          }
          const good = await mint({ pollId: poll.id, altcha: payload });
          assert.equal(good.status, 201);
          assert.equal((await api.vote(poll.id, good.body.token, [poll.options[0]!.id])).status, 201);
          const replayed = await Promise.all([mint({ pollId: poll.id, altcha: payload }), mint({ pollId: poll.id, altcha: payload })]);
          assert.deepEqual(
            replayed.map((r) => [r.status, r.body.error.code]),
            [
              [403, 'challenge_failed'],
              [403, 'challenge_failed'],
            ],
          );
        } finally {
          await api.admin('PATCH', '/site', { proofOfWork: { enabled: false, difficulty: 5000 } });
        }
      });
    },
    { VOTEWIRE_WRITE_MODE: mode },
  );
}

describe('proof of work at the default difficulty', () => {
  it('is solved by altcha-lib’s solver in Node (time printed)', async function () {
    this.timeout(120_000);
    const { LIMITS } = await import('@votewire/wire/limits');
    const { ProofOfWork } = await import('../../src/services/proof-of-work');
    const challenge = await new ProofOfWork(null as never, 'x'.repeat(40)).challenge('poll', LIMITS.proofOfWorkDifficulty.default);
    const started = performance.now();
    await solved(challenge);
    console.log(`      solved a default challenge (maxnumber ${challenge.maxnumber}) in ${(performance.now() - started).toFixed(0)} ms`);
  });
});
