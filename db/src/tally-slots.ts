import type { Knex } from 'knex';
import { addToRankings } from './ranking-counts';

// The one owner of the tally tables. Tallies live in slots: a write adds to one slot of its poll
// and of its options, and a read sums them. Concurrent vote batches pick different slots, so no
// counter row serialises a hot poll and their commits share the disk flush. The version is the sum
// of the slots' versions, so it still only goes up, by one per committed change. Everything that
// names these tables or sums them (the migration's views, the services, verify, the tests) comes
// here.

/** Slots per poll and per option: enough that concurrent batches rarely meet. */
export const TALLY_SLOTS = 16;
const COMPOUND_SELECT_ROWS = 500;

export const POLL_TALLY_SLOTS = 'poll_tally_slots';
export const OPTION_TALLY_SLOTS = 'option_tally_slots';

/** Views that sum the slots (one row per poll, per option), for reading and for checking. */
export const POLL_TALLIES_VIEW = 'poll_tallies';
export const OPTION_TALLIES_VIEW = 'option_tallies';

// Correlated subqueries for a SELECT list. Each takes the SQL of the outer column it matches
// (e.g. `polls.id`) and yields 0 for a poll or option without slots.

/** A poll's version: how many changes have been committed to its tallies. */
export const pollVersionSql = (pollIdColumn: string) =>
  `(SELECT COALESCE(SUM(t.version), 0) FROM ${POLL_TALLY_SLOTS} t WHERE t.poll_id = ${pollIdColumn})`;

/** A poll's ballot count. */
export const pollBallotsSql = (pollIdColumn: string) =>
  `(SELECT COALESCE(SUM(t.ballots), 0) FROM ${POLL_TALLY_SLOTS} t WHERE t.poll_id = ${pollIdColumn})`;

/** An option's votes (first preferences for ranked polls). */
export const optionVotesSql = (optionIdColumn: string) =>
  `(SELECT COALESCE(SUM(s.votes), 0) FROM ${OPTION_TALLY_SLOTS} s WHERE s.option_id = ${optionIdColumn})`;

/**
 * The two tables and their views, as the initial migration creates them. Applied migrations never
 * run again: a later change of shape belongs in a new migration, not here.
 */
export async function createTallyTables(knex: Knex): Promise<void> {
  await knex.schema.createTable(POLL_TALLY_SLOTS, (t) => {
    t.string('poll_id', 32).notNullable().references('polls.id').onDelete('CASCADE');
    t.integer('slot').notNullable();
    t.bigInteger('version').notNullable().defaultTo(0);
    t.integer('ballots').notNullable().defaultTo(0);
    t.primary(['poll_id', 'slot']);
  });
  await knex.schema.createTable(OPTION_TALLY_SLOTS, (t) => {
    t.integer('option_id').unsigned().notNullable().references('poll_options.id').onDelete('CASCADE');
    t.integer('slot').notNullable();
    t.string('poll_id', 32).notNullable();
    // Ballots choosing the option (first preferences for ranked polls).
    t.integer('votes').notNullable().defaultTo(0);
    t.primary(['option_id', 'slot']);
    t.index(['poll_id']);
  });
  await knex.raw(
    `CREATE VIEW ${POLL_TALLIES_VIEW} AS SELECT poll_id, SUM(version) AS version, SUM(ballots) AS ballots FROM ${POLL_TALLY_SLOTS} GROUP BY poll_id`,
  );
  await knex.raw(
    `CREATE VIEW ${OPTION_TALLIES_VIEW} AS SELECT option_id, poll_id, SUM(votes) AS votes FROM ${OPTION_TALLY_SLOTS} GROUP BY option_id, poll_id`,
  );
}

export async function dropTallyTables(knex: Knex): Promise<void> {
  await knex.raw(`DROP VIEW IF EXISTS ${OPTION_TALLIES_VIEW}`);
  await knex.raw(`DROP VIEW IF EXISTS ${POLL_TALLIES_VIEW}`);
  await knex.schema.dropTableIfExists(OPTION_TALLY_SLOTS);
  await knex.schema.dropTableIfExists(POLL_TALLY_SLOTS);
}

/** Creates the empty tally slots of a poll's options (and of the poll itself, with `withPoll`). */
export async function createTallySlots(db: Knex, pollId: string, optionIds: number[], withPoll = true): Promise<void> {
  const slots = Array.from({ length: TALLY_SLOTS }, (_, slot) => slot);
  if (withPoll) await db(POLL_TALLY_SLOTS).insert(slots.map((slot) => ({ poll_id: pollId, slot, version: 0, ballots: 0 })));
  const rows = optionIds.flatMap((id) => slots.map((slot) => ({ option_id: id, slot, poll_id: pollId, votes: 0 })));
  // knex writes a multi-row INSERT on SQLite as one compound SELECT, which SQLite caps at 500 terms
  // (SQLITE_MAX_COMPOUND_SELECT): 50 options × 16 slots need two statements.
  for (let i = 0; i < rows.length; i += COMPOUND_SELECT_ROWS) {
    await db(OPTION_TALLY_SLOTS).insert(rows.slice(i, i + COMPOUND_SELECT_ROWS));
  }
}

/** Deletes the slots of a whole poll, or only of some of its options. */
export async function deleteTallySlots(db: Knex, of: { pollId: string } | { optionIds: number[] }): Promise<void> {
  if ('optionIds' in of) {
    if (of.optionIds.length > 0) await db(OPTION_TALLY_SLOTS).delete().whereIn('option_id', of.optionIds);
    return;
  }
  await db(OPTION_TALLY_SLOTS).delete().where('poll_id', of.pollId);
  await db(POLL_TALLY_SLOTS).delete().where('poll_id', of.pollId);
}

// The adders return the statement rather than running it: awaited inside a transaction, or
// compiled into a batch's one-round-trip script. Null when there is nothing to add. They are
// written as SQL rather than with knex's query builder: they run once per vote batch, and the
// builder (and even compiling a knex.raw) took longer than the rest of a batch's work in the backend.

/** Adds each delta to its option's counter in one slot; rows are touched in id order. */
export function addToOptions(db: Knex, slot: number, deltas: Map<number, number>): Knex.Raw | null {
  return raw(db, optionsSql(slot, deltas));
}

/** Adds new ballots to each poll's slot and, unless told not to, one to its version. */
export function addToPolls(db: Knex, slot: number, newBallots: Map<string, number>, bumpVersion = true): Knex.Raw | null {
  return raw(db, pollsSql(slot, newBallots, bumpVersion));
}

/** A statement with `?` placeholders: the same for MySQL and SQLite, and knex's native form. */
export interface Sql {
  sql: string;
  bindings: (string | number)[];
}
type Pairs = readonly (readonly [string | number, number])[];

const raw = (db: Knex, s: Sql | null) => (s ? db.raw(s.sql, s.bindings) : null);

function optionsSql(slot: number, deltas: Map<number, number>): Sql | null {
  const pairs = [...deltas].filter(([, d]) => d !== 0).sort(([a], [b]) => a - b);
  return addInSlot(OPTION_TALLY_SLOTS, 'option_id', slot, pairs, [sumCase('votes', 'option_id', pairs)]);
}

function pollsSql(slot: number, newBallots: Map<string, number>, bumpVersion = true): Sql | null {
  const pairs = [...newBallots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return addInSlot(POLL_TALLY_SLOTS, 'poll_id', slot, pairs, [
    ...(bumpVersion ? [{ sql: 'version = version + 1', bindings: [] }] : []),
    sumCase('ballots', 'poll_id', pairs),
  ]);
}

function addInSlot(table: string, key: string, slot: number, pairs: Pairs, set: Sql[]): Sql | null {
  if (pairs.length === 0) return null;
  return {
    sql: `UPDATE ${table} SET ${set.map((a) => a.sql).join(', ')} WHERE slot = ? AND ${key} IN (${pairs.map(() => '?').join(', ')})`,
    bindings: [...set.flatMap((a) => a.bindings), slot, ...pairs.map(([id]) => id)],
  };
}

/** `column = column + <the pair's amount for this row's key>`, for many rows in one UPDATE. */
const sumCase = (column: string, key: string, pairs: Pairs): Sql => ({
  sql: `${column} = ${column} + CASE ${key} ${pairs.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 0 END`,
  bindings: pairs.flat(),
});

/**
 * What one batch adds to the tallies: votes per option, per poll its new ballots, and for ranked
 * polls the ballots per ranking. Every poll here gets a new version, also one whose votes were only
 * changed (no new ballot).
 */
export class TallyChange {
  readonly options = new Map<number, number>();
  readonly polls = new Map<string, number>();
  readonly rankings = new Map<string, Map<string, number>>();

  count(optionIds: readonly number[], by: number): this {
    for (const id of optionIds) this.options.set(id, (this.options.get(id) ?? 0) + by);
    return this;
  }

  touch(pollId: string, newBallots: number): this {
    this.polls.set(pollId, (this.polls.get(pollId) ?? 0) + newBallots);
    return this;
  }

  /** A ranked ballot's ranking (its stored `choices`) counted `by` more ballots. */
  rank(pollId: string, ranking: string, by: number): this {
    const of = this.rankings.get(pollId) ?? new Map<string, number>();
    of.set(ranking, (of.get(ranking) ?? 0) + by);
    this.rankings.set(pollId, of);
    return this;
  }

  /**
   * The statements that apply it in one tally slot on `db`'s dialect (none for an empty change),
   * as SQL for a script.
   */
  sql(db: Knex, slot: number): Sql[] {
    const rankings = addToRankings(db, slot, this.rankings)?.toSQL();
    return [
      optionsSql(slot, this.options),
      pollsSql(slot, this.polls),
      rankings ? { sql: rankings.sql, bindings: rankings.bindings as Sql['bindings'] } : null,
    ].filter((q) => q !== null);
  }

  /** The same, to run on `db` (in a transaction). */
  statements(db: Knex, slot: number): Knex.Raw[] {
    return this.sql(db, slot).map((s) => db.raw(s.sql, s.bindings));
  }
}
