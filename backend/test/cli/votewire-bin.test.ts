import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Knex } from 'knex';
import { BALLOT_LOG } from '@votewire/db';
import { describeOnEachBackend } from '../support/backends';

/** The npm package's bin as `npm run build` makes it: the tests run what `npx votewire` runs. */
const bin = resolve(__dirname, '../../../sdk/dist/bin/votewire.js');

function votewire(...args: string[]): Promise<{ status: number | null; out: string }> {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` at the repository root`);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, out }));
  });
}

describeOnEachBackend('votewire verify (the npm bin) against a real server', (h) => {
  let db: Knex;
  let dir: string;
  let single: { id: string; options: { id: number }[] };
  let ranked: { id: string; options: { id: number }[] };
  const state = () => join(dir, 'heads.json');
  const verify = (pollId: string, stateFile = state()) => votewire('verify', h().server.url, pollId, '--state', stateFile);

  /** `n` new voters in `poll`, the i-th choosing `choose(i)`; every third then changes its vote (where allowed). */
  async function votes(poll: { id: string }, n: number, choose: (i: number) => number[], change?: (i: number) => number[]) {
    const { api } = h();
    for (let i = 0; i < n; i++) {
      const token = await api.voterToken(poll.id);
      assert.equal((await api.vote(poll.id, token, choose(i))).status, 201);
      if (change && i % 3 === 0) assert.equal((await api.vote(poll.id, token, change(i))).body.changed, true);
    }
  }

  /** Runs `tamper`, expects verify to fail naming `expected`, then undoes it and expects a pass. */
  async function caught(pollId: string, tamper: () => Promise<() => Promise<void>>, expected: RegExp) {
    const undo = await tamper();
    try {
      const run = await verify(pollId);
      assert.equal(run.status, 1, run.out);
      assert.match(run.out, expected);
    } finally {
      await undo();
    }
    const again = await verify(pollId);
    assert.equal(again.status, 0, again.out);
  }

  before(async function () {
    this.timeout(60_000);
    dir = mkdtempSync(join(tmpdir(), 'votewire-bin-'));
    db = h().server.votewire.db.write;
    single = await h().api.createPoll({ allowVoteChange: true });
    ranked = await h().api.createPoll({ type: 'ranked', allowVoteChange: true });
    const [a, b, c] = single.options.map((o) => o.id) as [number, number, number];
    await votes(
      single,
      12,
      (i) => [[a, b, c][i % 3]!],
      () => [b],
    );
    const r = ranked.options.map((o) => o.id);
    await votes(
      ranked,
      9,
      (i) => (i % 2 ? r : [...r].reverse()),
      () => [r[1]!, r[0]!],
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('passes an honest poll, recounting it and remembering the head; a later run proves the log only grew', async function () {
    this.timeout(60_000);
    const first = await verify(single.id);
    assert.equal(first.status, 0, first.out);
    assert.match(first.out, /the head of tree size 16 is signed by key [0-9a-f]{16}/);
    assert.match(first.out, /the recount of the first 16 entries \(what \/results counts\) equals the results/);
    assert.match(first.out, /Verified/);

    await votes(single, 3, () => [single.options[2]!.id]);
    const second = await verify(single.id);
    assert.equal(second.status, 0, second.out);
    assert.match(second.out, /consistency with the head of tree size 16 seen before holds/);
  });

  it('pages through a log of 1,200 entries from 1,000 concurrent ballots and 200 changes, and its recount equals the tallies', async function () {
    this.timeout(180_000);
    const { api } = h();
    const poll = await api.createPoll({ type: 'multiple', maxChoices: 2, allowVoteChange: true });
    const ids = poll.options.map((o) => o.id);
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => api.voterToken(poll.id)));
    const wave = async (voters: string[], choose: (i: number) => number[]) => {
      for (let i = 0; i < voters.length; i += 100) {
        const replies = await Promise.all(voters.slice(i, i + 100).map((t, j) => api.vote(poll.id, t, choose(i + j))));
        for (const r of replies) assert.equal(r.status, 201, JSON.stringify(r.body));
      }
    };
    await wave(tokens, (i) => (i % 4 === 0 ? [ids[0]!, ids[1]!] : [ids[i % 3]!]));
    await wave(tokens.slice(0, 200), (i) => [ids[(i + 1) % 3]!]);
    const run = await verify(poll.id, join(dir, 'many.json'));
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /the root rebuilt from all 1,200 entries is the signed root/);
    assert.match(run.out, /the recount of the first 1,200 entries \(what \/results counts\) equals the results/);
    assert.match(run.out, /Results \(counting the first 1,200 entries\): 1,000 ballots/);
  });

  it('recounts a ranked poll by instant runoff, rounds included', async function () {
    this.timeout(60_000);
    const run = await verify(ranked.id);
    assert.equal(run.status, 0, run.out);
    assert.match(run.out, /equals the results, rounds included/);
  });

  it("fails, naming the entry and the option, when one entry's choices are edited in the database", async function () {
    this.timeout(60_000);
    // Entry 6 is a voter's last: the recount changes too.
    const row = await db(BALLOT_LOG).where({ poll_id: single.id, seq: 6 }).first();
    const other = single.options.map((o) => o.id).find((id) => JSON.stringify([id]) !== row.optionIds)!;
    await caught(
      single.id,
      async () => {
        await db(BALLOT_LOG)
          .where({ poll_id: single.id, seq: 6 })
          .update({ option_ids: JSON.stringify([other]) });
        return async () => void (await db(BALLOT_LOG).where({ poll_id: single.id, seq: 6 }).update({ option_ids: row.optionIds }));
      },
      /MISMATCH: entry 6 is not the entry the signed log holds at 6[\s\S]*MISMATCH: recount of option \d+: \d+, results say \d+/,
    );
  });

  it('fails, naming the entry, when one entry is deleted', async function () {
    this.timeout(60_000);
    const row = await db(BALLOT_LOG).where({ poll_id: single.id, seq: 7 }).first();
    await caught(
      single.id,
      async () => {
        await db(BALLOT_LOG).where({ poll_id: single.id, seq: 7 }).delete();
        return async () => void (await db(BALLOT_LOG).insert(row));
      },
      /MISMATCH: entry 7 missing/,
    );
  });

  it('fails, naming the earlier head, when two entries swap places', async function () {
    this.timeout(60_000);
    const swap = async () => {
      // Through a free seq: (poll_id, seq) is the primary key.
      await db(BALLOT_LOG).where({ poll_id: single.id, seq: 2 }).update({ seq: 100000 });
      await db(BALLOT_LOG).where({ poll_id: single.id, seq: 9 }).update({ seq: 2 });
      await db(BALLOT_LOG).where({ poll_id: single.id, seq: 100000 }).update({ seq: 9 });
    };
    await caught(
      single.id,
      async () => (await swap(), swap),
      /MISMATCH: consistency with the head of tree size 16 seen before fails: the first 16 entries served now have another root/,
    );
  });

  it('exits 2, saying why, when it cannot check: results not public yet, an unknown poll, bad arguments', async function () {
    this.timeout(60_000);
    const hidden = await h().api.createPoll({ resultsVisibility: 'after_close' });
    await votes(hidden, 1, () => [hidden.options[0]!.id]);
    const closed = await votewire('verify', h().server.url, hidden.id, '--state', join(dir, 'none.json'));
    assert.equal(closed.status, 2, closed.out);
    assert.match(closed.out, /results are not public yet; its log opens when they are/);
    const unknown = await votewire('verify', h().server.url, 'p_nope', '--state', join(dir, 'none.json'));
    assert.equal(unknown.status, 2, unknown.out);
    assert.match(unknown.out, /could not check poll p_nope .*poll_not_found/);
    const usage = await votewire('verify', h().server.url);
    assert.equal(usage.status, 2);
    assert.match(usage.out, /^Usage: votewire verify/m);
  });
});
