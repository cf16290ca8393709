import { strict as assert } from 'node:assert';
import type { Knex } from 'knex';
import {
  TALLY_SLOTS,
  TallyChange,
  createTallySlots,
  deleteTallySlots,
  migrate,
  optionVotesSql,
  pollBallotsSql,
  pollVersionSql,
} from '@votewire/db';
import { sqliteKnex } from '../../src/db/database';

// The tally module (db/src/tally-slots.ts) against an in-memory SQLite database with the real
// schema: what a TallyChange adds, read back through the same slot sums the services use.

describe('tally slots and TallyChange', () => {
  let db: Knex;
  const [A, B, C] = [1, 2, 3];

  async function tally(pollId = 'p1') {
    const [poll] = (await db.raw(`SELECT ${pollVersionSql('?')} AS version, ${pollBallotsSql('?')} AS ballots`, [pollId, pollId])) as {
      version: number;
      ballots: number;
    }[];
    const options = (await db.raw(
      `SELECT id, ${optionVotesSql('poll_options.id')} AS votes FROM poll_options WHERE poll_id = ? ORDER BY id`,
      [pollId],
    )) as { id: number; votes: number }[];
    return { version: poll!.version, ballots: poll!.ballots, votes: options.map((o) => o.votes) };
  }

  async function apply(change: TallyChange, slot: number) {
    for (const q of change.statements(db, slot)) await q;
  }

  beforeEach(async () => {
    db = sqliteKnex(':memory:');
    await migrate(db);
    await db('sites').insert({ id: 1, name: 's', allowedOrigins: '[]', createdAt: 0, updatedAt: 0 });
    for (const id of ['p1', 'p2']) {
      await db('polls').insert({
        id,
        siteId: 1,
        question: 'q',
        type: 'multiple',
        minChoices: 1,
        maxChoices: 3,
        resultsVisibility: 'always',
        status: 'open',
        createdAt: 0,
        updatedAt: 0,
      });
    }
    await db('poll_options').insert([
      { id: A, pollId: 'p1', label: 'A', position: 0 },
      { id: B, pollId: 'p1', label: 'B', position: 1 },
      { id: C, pollId: 'p2', label: 'C', position: 0 },
    ]);
    await createTallySlots(db, 'p1', [A, B]);
    await createTallySlots(db, 'p2', [C]);
  });
  afterEach(() => db.destroy());

  it('starts every poll and option at zero, with one row per slot', async () => {
    assert.deepEqual(await tally(), { version: 0, ballots: 0, votes: [0, 0] });
    assert.equal((await db('option_tally_slots').where('option_id', A)).length, TALLY_SLOTS);
  });

  it('adds a batch’s votes per option and its new ballots per poll, one version per poll touched', async () => {
    const change = new TallyChange().count([A, B], 1).touch('p1', 1).count([A], 1).touch('p1', 1).count([C], 1).touch('p2', 1);
    await apply(change, 3);
    assert.deepEqual(await tally('p1'), { version: 1, ballots: 2, votes: [2, 1] });
    assert.deepEqual(await tally('p2'), { version: 1, ballots: 1, votes: [1] });
  });

  it('moves a changed vote between options without a new ballot, and still bumps the version', async () => {
    await apply(new TallyChange().count([A], 1).touch('p1', 1), 0);
    await apply(new TallyChange().count([A], -1).count([B], 1).touch('p1', 0), 7);
    assert.deepEqual(await tally(), { version: 2, ballots: 1, votes: [0, 1] });
  });

  it('sums what batches added in different slots', async () => {
    for (const slot of [0, 5, TALLY_SLOTS - 1]) await apply(new TallyChange().count([B], 1).touch('p1', 1), slot);
    assert.deepEqual(await tally(), { version: 3, ballots: 3, votes: [0, 3] });
    const used = await db('poll_tally_slots').where('poll_id', 'p1').where('ballots', '>', 0).pluck('slot');
    assert.deepEqual(
      used.sort((a, b) => a - b),
      [0, 5, TALLY_SLOTS - 1],
    );
  });

  it('writes no option row whose changes cancel out, and nothing at all for an empty change', () => {
    assert.equal(new TallyChange().statements(db, 0).length, 0);
    const cancelled = new TallyChange().count([A], 1).count([A], -1).touch('p1', 0);
    assert.deepEqual(
      cancelled.statements(db, 0).map((q) => q.toSQL().sql.split(' ')[1]),
      ['poll_tally_slots'],
    );
  });

  it('deletes the slots of removed options, and of a whole poll', async () => {
    await apply(new TallyChange().count([A, B], 1).touch('p1', 1), 0);
    await deleteTallySlots(db, { optionIds: [B] });
    assert.equal((await db('option_tally_slots').where('option_id', B)).length, 0);
    assert.equal((await db('option_tally_slots').where('option_id', A)).length, TALLY_SLOTS);
    await deleteTallySlots(db, { pollId: 'p1' });
    assert.equal((await db('option_tally_slots').where('poll_id', 'p1')).length, 0);
    assert.equal((await db('poll_tally_slots').where('poll_id', 'p1')).length, 0);
    assert.equal((await db('poll_tally_slots').where('poll_id', 'p2')).length, TALLY_SLOTS, 'other polls keep theirs');
  });
});
