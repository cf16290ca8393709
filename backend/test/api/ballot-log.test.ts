import { strict as assert } from 'node:assert';
import { createHash, createPublicKey, randomUUID, verify } from 'node:crypto';
import type { AdminPoll, LogEntry, PollResults, VoteResponse } from '@votewire/wire';
import type { Api } from '../support/api';
import { describeOnEachBackend } from '../support/backends';

// An independent RFC 9162 implementation, written from the RFC's text (§2.1.1 to §2.1.4.2), to
// check the server's heads and proofs against. It shares no code with the server.
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leafHashOf = (entry: LogEntry) => sha256(Buffer.from([0]), Buffer.from(JSON.stringify(entry), 'utf8'));
const node = (l: Buffer, r: Buffer) => sha256(Buffer.from([1]), l, r);
const largestPowerOf2Below = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
/** §2.1.1 MTH(D[n]) over leaf hashes. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0]!;
  const k = largestPowerOf2Below(leaves.length);
  return node(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
/** §2.1.3.1 PATH(m, D[n]). */
function path(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOf2Below(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}
/** §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true). */
function subproof(m: number, leaves: Buffer[], b: boolean): Buffer[] {
  const n = leaves.length;
  if (m === n) return b ? [] : [mth(leaves)];
  const k = largestPowerOf2Below(n);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), b), mth(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}
/** §2.1.3.2: verifying an inclusion proof. */
function verifyInclusion(leafIndex: number, treeSize: number, leaf: Buffer, proof: Buffer[], root: Buffer): boolean {
  if (leafIndex >= treeSize) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else {
      r = node(r, p);
    }
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && r.equals(root);
}
/** §2.1.4.2: verifying a consistency proof. */
function verifyConsistency(first: number, second: number, firstHash: Buffer, secondHash: Buffer, proof: Buffer[]): boolean {
  if (first === second) return proof.length === 0 && firstHash.equals(secondHash);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstHash, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) [fn, sn] = [fn >> 1, sn >> 1];
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = node(c, fr);
      sr = node(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else {
      sr = node(sr, c);
    }
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0;
}

const hexes = (list: string[]) => list.map((h) => Buffer.from(h, 'hex'));
const commitmentOf = (receipt: string) => createHash('sha256').update(receipt, 'utf8').digest('hex');
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

/** The counts the entries 0..n-1 give: each commitment's latest entry, every option it names. */
function recount(entries: LogEntry[], n = entries.length): { ballots: number; votes: Map<number, number> } {
  const latest = new Map<string, LogEntry>();
  for (const e of entries.slice(0, n)) latest.set(e.commitment, e);
  const votes = new Map<number, number>();
  for (const e of latest.values()) for (const id of e.optionIds) votes.set(id, (votes.get(id) ?? 0) + 1);
  return { ballots: latest.size, votes };
}

function assertCounts(results: PollResults, entries: LogEntry[], what: string): void {
  assert.equal(typeof results.treeSize, 'number', `${what}: results carry treeSize`);
  const { ballots, votes } = recount(entries, results.treeSize);
  assert.equal(results.totalBallots, ballots, `${what}: ballots at treeSize ${results.treeSize}`);
  for (const o of results.options) assert.equal(o.votes, votes.get(o.id) ?? 0, `${what}: option ${o.id} at treeSize ${results.treeSize}`);
}

async function download(api: Api, pollId: string, size: number): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  while (entries.length < size) {
    const res = await api.request('GET', `/api/v1/polls/${pollId}/log/entries?start=${entries.length}&end=${size + 500}`);
    assert.equal(res.status, 200);
    assert.ok(res.body.entries.length > 0 && res.body.entries.length <= 1000);
    entries.push(...(res.body.entries as LogEntry[]));
  }
  return entries;
}

async function inBatches<T>(items: (() => Promise<T>)[], atOnce: number): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += atOnce) out.push(...(await Promise.all(items.slice(i, i + atOnce).map((f) => f()))));
  return out;
}

/**
 * Repeats a request while it answers 503, as a client must (a busy test machine can exhaust the
 * pool's wait): a vote repeats with its Idempotency-Key, so it still counts once.
 */
async function untilServed<T extends { status: number }>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const res = await send();
    if (res.status !== 503 || attempt === 20) return res;
    await new Promise((r) => setTimeout(r, 200 * attempt));
  }
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

for (const mode of ['batched', 'single'] as const) {
  describeOnEachBackend(
    `ballot log, ${mode} writes`,
    (h) => {
      it('logs 1,000 concurrent ballots and changes: dense seqs, signed heads, RFC 9162 proofs, recounts equal to every results object', async function () {
        this.timeout(240_000);
        const { api } = h();
        const rnd = random(14);
        const poll = await api.createPoll({
          type: 'multiple',
          minChoices: 1,
          maxChoices: 2,
          allowVoteChange: true,
          options: [{ label: 'A' }, { label: 'B' }, { label: 'C' }, { label: 'D' }],
        });
        const ids = poll.options.map((o) => o.id);
        const choice = () => {
          const first = ids[Math.floor(rnd() * ids.length)]!;
          const second = ids[Math.floor(rnd() * ids.length)]!;
          return first === second ? [first] : [first, second];
        };
        const mint = async () => {
          const res = await untilServed(() => api.request('POST', '/api/v1/voter-tokens', { body: { pollId: poll.id } }));
          assert.equal(res.status, 201);
          return res.body.token as string;
        };
        const tokens = await inBatches(
          Array.from({ length: 800 }, () => mint),
          50,
        );
        const replies: { token: string; body: VoteResponse; optionIds: number[] }[] = [];
        const cast = (token: string) => async () => {
          const optionIds = choice();
          const key = randomUUID();
          const res = await untilServed(() => api.vote(poll.id, token, optionIds, key));
          assert.equal(res.status, 201, JSON.stringify(res.body));
          replies.push({ token, body: res.body, optionIds });
        };
        await inBatches(tokens.slice(0, 600).map(cast), 50);
        // New voters and changes of earlier ballots, all mixed.
        const mixed = [...tokens.slice(600).map(cast), ...tokens.slice(0, 200).map(cast)].sort(() => rnd() - 0.5);
        await inBatches(mixed, 50);
        assert.equal(replies.length, 1000);

        const keys = (await api.request('GET', '/api/v1/log-keys')).body.keys as { keyId: string; publicKey: string }[];
        assert.equal(keys.length, 1);
        const raw = Buffer.from(keys[0]!.publicKey, 'base64');
        assert.equal(keys[0]!.keyId, createHash('sha256').update(raw).digest('hex').slice(0, 16));
        const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519, raw]), format: 'der', type: 'spki' });

        const headRes = await api.request('GET', `/api/v1/polls/${poll.id}/log`);
        assert.equal(headRes.status, 200);
        const head = headRes.body as { treeSize: number; rootHash: string; timestamp: number; keyId: string; signature: string };
        assert.equal(head.treeSize, 1000);
        assert.equal(head.keyId, keys[0]!.keyId);
        const message = ['votewire-tree-head-v1', poll.id, String(head.treeSize), head.rootHash, String(head.timestamp)].join('\n');
        assert.ok(verify(null, Buffer.from(message), publicKey, Buffer.from(head.signature, 'base64')), 'the head signature verifies');
        assert.ok(
          !verify(
            null,
            Buffer.from(message.replace(/\d$/, (d) => String((Number(d) + 1) % 10))),
            publicKey,
            Buffer.from(head.signature, 'base64'),
          ),
        );

        const entries = await download(api, poll.id, head.treeSize);
        assert.deepEqual(
          entries.map((e) => e.seq),
          Array.from({ length: 1000 }, (_, i) => i),
          'seqs are 0..999 without gaps',
        );
        const leaves = entries.map(leafHashOf);
        assert.equal(mth(leaves).toString('hex'), head.rootHash, 'the root rebuilt from the entries is the signed one');

        // Every change supersedes its commitment's previous entry; first entries supersede nothing.
        const previous = new Map<string, number>();
        for (const e of entries) {
          assert.equal(e.supersedes, previous.get(e.commitment), `entry ${e.seq} supersedes the commitment's previous entry`);
          assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
          previous.set(e.commitment, e.seq);
        }
        assert.equal(previous.size, 800);
        assert.equal(entries.filter((e) => e.supersedes !== undefined).length, 200);

        // Each voter's receipt leads to the ballot's latest entry, with the choices of its last vote.
        const lastVote = new Map(replies.map((r) => [r.token, r]));
        for (const r of lastVote.values()) {
          const mine = entries.filter((e) => e.commitment === commitmentOf(r.body.receipt));
          assert.ok(mine.length >= 1);
          assert.deepEqual(mine.at(-1)!.optionIds, r.optionIds);
        }
        // Every results object counts exactly the entries below its treeSize.
        for (const [i, r] of replies.entries()) assertCounts(r.body.results!, entries, `vote response ${i}`);
        const results = (await api.results(poll.id, { admin: true })).body;
        assert.equal(results.treeSize, 1000);
        assertCounts(results, entries, 'GET results');

        // Inclusion proofs at many tree sizes, for voters with one entry and with two.
        for (const r of [...lastVote.values()].filter((_, i) => i % 40 === 0 || i < 5)) {
          const commitment = commitmentOf(r.body.receipt);
          const firstSeq = entries.find((e) => e.commitment === commitment)!.seq;
          for (const treeSize of [firstSeq + 1, firstSeq + 1 + Math.floor(rnd() * (1000 - firstSeq)), 1000]) {
            const res = await api.request('GET', `/api/v1/polls/${poll.id}/log/inclusion?commitment=${commitment}&treeSize=${treeSize}`);
            assert.equal(res.status, 200);
            const expected = entries
              .slice(0, treeSize)
              .filter((e) => e.commitment === commitment)
              .at(-1)!;
            assert.equal(res.body.leafIndex, expected.seq);
            assert.deepEqual(res.body.entry, expected);
            const proof = hexes(res.body.inclusionPath);
            assert.deepEqual(
              res.body.inclusionPath,
              path(expected.seq, leaves.slice(0, treeSize)).map((b) => b.toString('hex')),
            );
            const root = mth(leaves.slice(0, treeSize));
            assert.ok(verifyInclusion(expected.seq, treeSize, leafHashOf(res.body.entry), proof, root), `inclusion at ${treeSize}`);
            if (proof.length > 0) {
              proof[0] = Buffer.from(proof[0]!.map((b) => b ^ 1));
              assert.ok(!verifyInclusion(expected.seq, treeSize, leaves[expected.seq]!, proof, root), 'a wrong path fails');
            }
          }
        }

        // Consistency proofs between many pairs of sizes.
        const sizes = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 64, 100, 127, 128, 129, 500, 511, 512, 513, 999, 1000];
        const pairs = sizes.flatMap((m) => [m, m + Math.floor(rnd() * (1000 - m)), 1000].map((n) => [m, n] as const));
        for (const [m, n] of pairs) {
          const res = await api.request('GET', `/api/v1/polls/${poll.id}/log/consistency?first=${m}&second=${n}`);
          assert.equal(res.status, 200);
          assert.deepEqual(res.body, {
            first: m,
            second: n,
            consistencyPath: subproof(m, leaves.slice(0, n), true).map((b) => b.toString('hex')),
          });
          const [first, second] = [mth(leaves.slice(0, m)), mth(leaves.slice(0, n))];
          assert.ok(verifyConsistency(m, n, first, second, hexes(res.body.consistencyPath)), `consistency ${m} → ${n}`);
          if (m !== n)
            assert.ok(
              !verifyConsistency(m, n, Buffer.from(first.map((b) => b ^ 1)), second, hexes(res.body.consistencyPath)),
              'a wrong first head fails',
            );
        }
      });

      it('publishes the log only where the results are visible, as GET /results does', async () => {
        const { api } = h();
        const routes = (id: string) => [
          `/api/v1/polls/${id}/log`,
          `/api/v1/polls/${id}/log/entries?start=0&end=10`,
          `/api/v1/polls/${id}/log/inclusion?commitment=${'0'.repeat(64)}&treeSize=1`,
          `/api/v1/polls/${id}/log/consistency?first=1&second=1`,
        ];
        const statuses = async (id: string, opts: { token?: string; admin?: boolean } = {}) =>
          Promise.all(
            routes(id).map(async (p) => {
              const res = await api.request('GET', p, {
                headers: opts.token ? { 'X-Voter-Token': opts.token } : {},
                key: opts.admin ? api.adminKey : null,
              });
              return res.status === 403 ? res.body.error.code : res.status;
            }),
          );
        const withBallot = async (poll: AdminPoll) => {
          const token = await api.voterToken(poll.id);
          assert.equal((await api.vote(poll.id, token, [poll.options[0]!.id])).status, 201);
          return token;
        };

        const hidden = await api.createPoll({ resultsVisibility: 'hidden' });
        const hiddenVoter = await withBallot(hidden);
        assert.deepEqual(await statuses(hidden.id), Array(4).fill('results_hidden'));
        assert.deepEqual(await statuses(hidden.id, { token: hiddenVoter }), Array(4).fill('results_hidden'));
        // The commitment in the route list is nobody's: 404 once the log is visible.
        assert.deepEqual(await statuses(hidden.id, { admin: true }), [200, 200, 404, 200]);

        const afterVote = await api.createPoll({ resultsVisibility: 'after_vote' });
        const voter = await withBallot(afterVote);
        assert.deepEqual(await statuses(afterVote.id), Array(4).fill('results_hidden'));
        assert.deepEqual(await statuses(afterVote.id, { token: await api.voterToken(afterVote.id) }), Array(4).fill('results_hidden'));
        assert.deepEqual(await statuses(afterVote.id, { token: voter }), [200, 200, 404, 200]);

        const afterClose = await api.createPoll({ resultsVisibility: 'after_close' });
        await withBallot(afterClose);
        assert.deepEqual(await statuses(afterClose.id), Array(4).fill('results_hidden'));
        assert.equal((await api.admin('POST', `/polls/${afterClose.id}/close`)).status, 200);
        assert.deepEqual(await statuses(afterClose.id), [200, 200, 404, 200]);

        const draft = await api.createPoll();
        assert.equal((await api.admin('PATCH', `/polls/${draft.id}`, { status: 'draft' })).status, 200);
        for (const p of routes('no-such-poll').concat(routes(draft.id))) {
          const res = await api.request('GET', p);
          assert.equal(res.status, 404, p);
          assert.equal(res.body.error.code, 'poll_not_found');
        }
      });

      it('answers out-of-range and malformed queries with the contract’s errors', async () => {
        const { api } = h();
        const poll = await api.createPoll({ allowVoteChange: true });
        const token = await api.voterToken(poll.id);
        const first = await api.vote(poll.id, token, [poll.options[0]!.id]);
        await api.vote(poll.id, token, [poll.options[1]!.id]);
        await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[2]!.id]);
        const commitment = commitmentOf(first.body.receipt);
        const get = (q: string) => api.request('GET', `/api/v1/polls/${poll.id}/log${q}`);
        const refused = async (q: string, status: number, code: string) => {
          const res = await get(q);
          assert.equal(res.status, status, `${q}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error.code, code, q);
        };

        assert.equal((await get('')).body.treeSize, 3);
        // end is inclusive and clipped to the tree; only a complete page is cached for long.
        const clipped = await get('/entries?start=1&end=99');
        assert.deepEqual(
          clipped.body.entries.map((e: LogEntry) => e.seq),
          [1, 2],
        );
        assert.equal(clipped.headers.get('cache-control'), 'no-cache');
        const fixed = await get('/entries?start=0&end=1');
        assert.deepEqual(
          fixed.body.entries.map((e: LogEntry) => [e.seq, e.supersedes]),
          [
            [0, undefined],
            [1, 0],
          ],
        );
        assert.match(fixed.headers.get('cache-control')!, /max-age=86400/);
        assert.equal((await get('')).headers.get('cache-control'), 'no-cache');
        await refused('/entries?start=3&end=5', 400, 'log_range_invalid');
        await refused('/entries?start=2&end=1', 400, 'log_range_invalid');
        await refused('/entries?start=-1&end=1', 400, 'validation_failed');
        await refused('/entries?start=0', 400, 'validation_failed');

        // The latest entry of the commitment within treeSize: the change, or the first vote before it.
        assert.equal((await get(`/inclusion?commitment=${commitment}&treeSize=3`)).body.leafIndex, 1);
        assert.equal((await get(`/inclusion?commitment=${commitment}&treeSize=1`)).body.leafIndex, 0);
        await refused(`/inclusion?commitment=${commitment}&treeSize=0`, 400, 'log_tree_size_invalid');
        await refused(`/inclusion?commitment=${commitment}&treeSize=4`, 400, 'log_tree_size_invalid');
        await refused(`/inclusion?commitment=${'a'.repeat(64)}&treeSize=3`, 404, 'log_entry_not_found');
        await refused(`/inclusion?commitment=${commitment.toUpperCase()}&treeSize=3`, 400, 'validation_failed');
        await refused(`/inclusion?commitment=${commitment}&treeSize=x`, 400, 'validation_failed');

        assert.deepEqual((await get('/consistency?first=3&second=3')).body.consistencyPath, []);
        await refused('/consistency?first=0&second=3', 400, 'log_tree_size_invalid');
        await refused('/consistency?first=3&second=2', 400, 'log_tree_size_invalid');
        await refused('/consistency?first=1&second=4', 400, 'log_tree_size_invalid');
        await refused('/consistency?first=1', 400, 'validation_failed');
      });

      it('keeps only the commitment in the database: the receipt is derived again for myVote and replays', async () => {
        const { api, server } = h();
        const poll = await api.createPoll({ allowVoteChange: true });
        const token = await api.voterToken(poll.id);
        const vote = await api.vote(poll.id, token, [poll.options[0]!.id], 'replay-key-1');
        const change = await api.vote(poll.id, token, [poll.options[1]!.id]);
        assert.equal(change.body.receipt, vote.body.receipt, 'a change keeps the receipt');
        assert.equal((await api.vote(poll.id, token, [poll.options[0]!.id], 'replay-key-1')).body.receipt, vote.body.receipt);
        assert.equal((await api.publicPoll(poll.id, token)).body.myVote?.receipt, vote.body.receipt);
        const db = server.votewire.db.write;
        assert.ok(!('receipt' in (await db('ballots').columnInfo())), 'ballots have no receipt column');
        const ballot = await db('ballots').where('poll_id', poll.id).first();
        assert.equal(ballot.commitment, commitmentOf(vote.body.receipt));
        const requests = await db('vote_requests').where('poll_id', poll.id).select('receipt');
        assert.deepEqual(
          requests.map((r: { receipt: string | null }) => r.receipt),
          [null, null],
        );
      });
    },
    { VOTEWIRE_WRITE_MODE: mode },
  );
}

describeOnEachBackend(
  'ballot log turned off (VOTEWIRE_BALLOT_LOG=false)',
  (h) => {
    it('appends nothing, answers 404 log_disabled and leaves treeSize out of results', async () => {
      const { api, server } = h();
      const poll = await api.createPoll();
      const vote = await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
      assert.equal(vote.status, 201);
      assert.equal(vote.body.results!.treeSize, undefined);
      assert.equal((await api.results(poll.id)).body.treeSize, undefined);
      for (const p of ['/api/v1/log-keys', `/api/v1/polls/${poll.id}/log`, `/api/v1/polls/${poll.id}/log/entries?start=0&end=0`]) {
        const res = await api.request('GET', p);
        assert.equal(res.status, 404, p);
        assert.equal(res.body.error.code, 'log_disabled');
      }
      assert.equal((await server.votewire.db.write('ballot_log').where('poll_id', poll.id)).length, 0);
    });
  },
  { VOTEWIRE_BALLOT_LOG: 'false' },
);

describeOnEachBackend(
  "the benchmark's unlogged polls (VOTEWIRE_BENCH_ENDPOINTS=true)",
  (h) => {
    it('writes the votes of a poll it was told to leave unlogged as VOTEWIRE_BALLOT_LOG=false does, and logs every other poll', async () => {
      const { api, server } = h();
      const db = server.votewire.db.write;
      const [logged, unlogged] = [await api.createPoll(), await api.createPoll()];
      // Bench routes are off by default and outside the public API and its OpenAPI document.
      const leave = await api.request('PUT', `/api/v1/bench/unlogged-polls/${unlogged.id}`, { unchecked: true });
      assert.deepEqual(leave.body, { pollId: unlogged.id, ballotLog: false });
      const vote = async (pollId: string, optionId: number) => (await api.vote(pollId, await api.voterToken(pollId), [optionId])).body;

      assert.equal((await vote(logged.id, logged.options[0]!.id)).results!.treeSize, 1);
      const off = await vote(unlogged.id, unlogged.options[0]!.id);
      assert.equal(off.results!.treeSize, undefined);
      assert.equal((await vote(logged.id, logged.options[1]!.id)).results!.treeSize, 2);

      assert.equal((await db('ballot_log').where('poll_id', unlogged.id)).length, 0);
      assert.equal((await db('ballots').where('poll_id', unlogged.id).first()).logSeq, null);
      assert.deepEqual(
        (await db('ballot_log').where('poll_id', logged.id).orderBy('seq')).map((e: { seq: number }) => Number(e.seq)),
        [0, 1],
      );
    });
  },
  { VOTEWIRE_BENCH_ENDPOINTS: 'true' },
);
