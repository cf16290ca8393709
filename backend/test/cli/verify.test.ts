import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Knex } from 'knex';
import { addToOptions, addToPolls, addToRankings, backfillRankingCounts, RANKING_COUNTS } from '@votewire/db';
import { parseArgs, verifyDatabase, type VerifyTarget } from '../../src/cli/verify';
import { describeOnEachBackend } from '../support/backends';

const cli = resolve(__dirname, '../../src/cli/verify.ts');

/** The same database the test server writes to, as verify's target. */
function targetOf(knex: Knex): VerifyTarget {
  const c = knex.client.config.connection as {
    filename?: string;
    host?: string;
    port?: number;
    user?: string;
    password?: string;
    database?: string;
  };
  if (c.filename) return { writeUrl: null, readUrls: [], sqliteFile: c.filename };
  return { writeUrl: `mysql://${c.user}:${encodeURIComponent(c.password ?? '')}@${c.host}:${c.port}/${c.database}`, readUrls: [] };
}

function runCli(target: VerifyTarget): { status: number | null; stdout: string } {
  const args = target.sqliteFile ? ['--sqlite', target.sqliteFile] : ['--write-url', target.writeUrl!];
  const r = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

describeOnEachBackend('npm run verify', (h) => {
  let target: VerifyTarget;
  let db: Knex;

  before(async function () {
    this.timeout(30_000);
    const { api } = h();
    db = h().server.votewire.db.write;
    target = targetOf(db);
    const single = await api.createPoll();
    const multiple = await api.createPoll({ type: 'multiple', maxChoices: 2, allowVoteChange: true });
    const ranked = await api.createPoll({ type: 'ranked' });
    const [a, b, c] = multiple.options.map((o) => o.id) as [number, number, number];
    for (let i = 0; i < 6; i++) {
      assert.equal((await api.vote(single.id, await api.voterToken(single.id), [single.options[i % 3]!.id])).status, 201);
      assert.equal((await api.vote(ranked.id, await api.voterToken(ranked.id), ranked.options.map((o) => o.id).slice(i % 2))).status, 201);
    }
    const changer = await api.voterToken(multiple.id);
    await api.vote(multiple.id, changer, [a, b]);
    await api.vote(multiple.id, changer, [c]);
  });

  it('passes a database whose tallies equal its ballots, and exits 0', async function () {
    this.timeout(30_000);
    const report = await verifyDatabase(target);
    assert.deepEqual(report.differences, []);
    assert.equal(report.ok, true);
    assert.ok(report.polls >= 3 && report.ballots >= 13, `${report.polls} polls, ${report.ballots} ballots`);
    const run = runCli(target);
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /tallies equal ballots and the ballot logs, no voter twice/);
  });

  it('names a tally that differs from the ballots, and a wrong ballot count, and exits 1', async function () {
    this.timeout(30_000);
    const option = await db('poll_options').first('id', 'poll_id');
    // One vote too many for the option and two ballots too many for the poll, without a version.
    const skew = (by: number) => [
      addToOptions(db, 0, new Map([[option.id, by]]))!,
      addToPolls(db, 0, new Map([[option.pollId, 2 * by]]), false)!,
    ];
    for (const q of skew(1)) await q;
    try {
      const report = await verifyDatabase(target);
      assert.equal(report.ok, false);
      assert.ok(
        report.differences.some((d) => d.includes(`option ${option.id} has`)),
        report.differences.join('\n'),
      );
      assert.ok(
        report.differences.some((d) => d.includes(`poll ${option.pollId}: ballot_count`)),
        report.differences.join('\n'),
      );
      const run = runCli(target);
      assert.equal(run.status, 1, run.stdout);
      assert.match(run.stdout, /DIFFERENCE poll/);
    } finally {
      for (const q of skew(-1)) await q;
    }
    assert.equal((await verifyDatabase(target)).ok, true, 'repaired');
  });

  it('names what was changed in a ballot log: an edited entry or ballot, a deleted entry, two entries swapped', async function () {
    this.timeout(30_000);
    // The single-choice poll: six voters, one entry each.
    const { pollId } = (await db('ballot_log')
      .join('polls', 'polls.id', 'ballot_log.poll_id')
      .where({ 'polls.type': 'single', 'ballot_log.seq': 1 })
      .first('ballot_log.poll_id as pollId')) as { pollId: string };
    const seq = 1;
    const entry = (s: number) => db('ballot_log').where({ poll_id: pollId, seq: s });
    const named = async (what: string, ...expected: RegExp[]) => {
      const report = await verifyDatabase(target);
      assert.equal(report.ok, false, what);
      for (const e of expected) {
        assert.ok(
          report.differences.some((d) => e.test(d)),
          `${what}: ${e} not in\n${report.differences.join('\n')}`,
        );
      }
      if (what === 'an edited entry') {
        const run = runCli(target);
        assert.equal(run.status, 1, run.stdout);
        assert.match(run.stdout, /DIFFERENCE poll .*: ballot \d+ chooses .* but its latest log entry 1 says \[999999\]/);
      }
    };
    const original = await entry(seq).first();
    const other = await entry(0).first();

    await entry(seq).update({ option_ids: JSON.stringify([999_999]) });
    await named('an edited entry', new RegExp(`poll ${pollId}: ballot \\d+ chooses .* but its latest log entry 1 says \\[999999\\]`));
    await entry(seq).update({ option_ids: original.optionIds });

    const ballot = await db('ballots').where({ poll_id: pollId, commitment: original.commitment }).first();
    await db('ballots')
      .where('id', ballot.id)
      .update({ choices: JSON.stringify([999_999]) });
    await named('an edited ballot', new RegExp(`poll ${pollId}: ballot ${ballot.id} chooses \\[999999\\] but its latest log entry`));
    await db('ballots').where('id', ballot.id).update({ choices: ballot.choices });

    await entry(seq).delete();
    await named(
      'a deleted entry',
      new RegExp(`poll ${pollId}: log entries 1 to 1 are missing`),
      new RegExp(`ballot ${ballot.id} has no log entry`),
    );
    await db('ballot_log').insert({ ...original, pollId });

    // Reordered: each keeps its content but takes the other's place.
    await entry(0).update({ seq: 1_000_000 });
    await entry(1).update({ seq: 0 });
    await entry(1_000_000).update({ seq: 1 });
    await named(
      'two entries swapped',
      new RegExp(`entry 0 of poll ${pollId}: it is the latest of ballot \\d+, which names entry 1 as its latest`),
      new RegExp(`entry 1 of poll ${pollId}: it is the latest of ballot \\d+, which names entry 0 as its latest`),
    );
    await entry(1).update({ seq: 1_000_000 });
    await entry(0).update({ seq: 1 });
    await entry(1_000_000).update({ seq: 0 });
    assert.equal(other.seq, 0);
    assert.equal((await verifyDatabase(target)).ok, true, 'repaired');
  });

  it("names a ranked poll's ranking counted other than its ballots hold it", async function () {
    this.timeout(30_000);
    const ballot = await db('ballots')
      .join('polls', 'polls.id', 'ballots.poll_id')
      .where('polls.type', 'ranked')
      .first('ballots.poll_id', 'choices');
    const skew = (by: number) => addToRankings(db, 3, new Map([[ballot.pollId, new Map([[ballot.choices, by]])]]))!;
    await skew(1);
    try {
      const report = await verifyDatabase(target);
      assert.equal(report.ok, false);
      assert.ok(
        report.differences.some((d) => d.includes(`poll ${ballot.pollId}: ranking ${ballot.choices} counts`)),
        report.differences.join('\n'),
      );
    } finally {
      await skew(-1);
    }
    assert.equal((await verifyDatabase(target)).ok, true, 'repaired');
  });

  it("counts the ballots cast before the ranking counts existed (the migration's backfill)", async function () {
    this.timeout(30_000);
    const before = await db(RANKING_COUNTS)
      .orderBy(['poll_id', 'ranking'])
      .select('poll_id', 'ranking', db.raw('SUM(ballots) AS n'))
      .groupBy('poll_id', 'ranking');
    assert.ok(before.length > 0);
    await db(RANKING_COUNTS).delete();
    assert.equal((await verifyDatabase(target)).ok, false, 'ballots without ranking counts are a difference');
    await backfillRankingCounts(db);
    const after = await db(RANKING_COUNTS)
      .orderBy(['poll_id', 'ranking'])
      .select('poll_id', 'ranking', db.raw('SUM(ballots) AS n'))
      .groupBy('poll_id', 'ranking');
    assert.deepEqual(
      after.map((r) => ({ ...r, n: Number(r.n) })),
      before.map((r) => ({ ...r, n: Number(r.n) })),
    );
    assert.equal((await verifyDatabase(target)).ok, true);
  });

  it('names a voter with two ballots in one poll (were the unique index ever lost)', async function () {
    this.timeout(30_000);
    const ballot = await db('ballots').first();
    // MariaDB keeps the unique index for the foreign key on poll_id unless another index serves it.
    if (h().kind === 'mariadb') await db.raw('CREATE INDEX ballots_poll_tmp ON ballots (poll_id)');
    await db.raw(
      h().kind === 'mariadb' ? 'ALTER TABLE ballots DROP INDEX ballots_poll_voter_unique' : 'DROP INDEX ballots_poll_voter_unique',
    );
    await db('ballots').insert({ ...ballot, id: undefined });
    const report = await verifyDatabase(target);
    assert.ok(
      report.differences.some((d) => d.includes(`voter ${ballot.voterKey} has 2 ballots`)),
      report.differences.join('\n'),
    );
  });

  it('refuses unknown arguments and a missing database with exit code 2', () => {
    assert.throws(() => parseArgs(['--nope'], {}), /unknown argument/);
    assert.throws(() => parseArgs(['--sqlite', '/nonexistent/votewire.sqlite'], {}), /does not exist/);
    const r = spawnSync(process.execPath, ['--import', 'tsx', cli, '--stack', '/nonexistent'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, r.stderr);
  });
});
