import type { Knex } from 'knex';

// Each returns the statement rather than running it: awaited inside a transaction, or compiled
// into a batch's one-round-trip script. Null when there is nothing to add.

/** Adds each delta to its option's counter in one slot; rows are touched in id order. */
export function addToOptions(db: Knex, slot: number, deltas: Map<number, number>): Knex.QueryBuilder | null {
  const pairs = [...deltas].filter(([, d]) => d !== 0).sort(([a], [b]) => a - b);
  return addInSlot(db, 'option_tally_slots', 'option_id', slot, pairs, { votes: sumCase(db, 'votes', 'option_id', pairs) });
}

/** Adds new ballots to each poll's slot and, unless told not to, one to its version. */
export function addToPolls(db: Knex, slot: number, newBallots: Map<string, number>, bumpVersion = true): Knex.QueryBuilder | null {
  const pairs = [...newBallots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return addInSlot(db, 'poll_tally_slots', 'poll_id', slot, pairs, {
    ...(bumpVersion ? { version: db.raw('version + 1') } : {}),
    ballots: sumCase(db, 'ballots', 'poll_id', pairs),
  });
}

type Pairs = readonly (readonly [string | number, number])[];

function addInSlot(db: Knex, table: string, key: string, slot: number, pairs: Pairs, set: Record<string, Knex.Raw>) {
  if (pairs.length === 0) return null;
  return db(table)
    .where('slot', slot)
    .whereIn(
      key,
      pairs.map(([id]) => id),
    )
    .update(set);
}

/** `column + <the pair's amount for this row's key>`, for many rows in one UPDATE. */
const sumCase = (db: Knex, column: string, key: string, pairs: Pairs) =>
  db.raw(`${column} + CASE ${key} ${pairs.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 0 END`, pairs.flat());

/**
 * What one batch adds to the tallies: votes per option, and per poll its new ballots. Every poll
 * here gets a new version, also one whose votes were only changed (no new ballot).
 */
export class TallyChange {
  readonly options = new Map<number, number>();
  readonly polls = new Map<string, number>();

  count(optionIds: readonly number[], by: number): this {
    for (const id of optionIds) this.options.set(id, (this.options.get(id) ?? 0) + by);
    return this;
  }

  touch(pollId: string, newBallots: number): this {
    this.polls.set(pollId, (this.polls.get(pollId) ?? 0) + newBallots);
    return this;
  }

  /** The two UPDATEs that apply it in one tally slot (none for an empty change). */
  statements(db: Knex, slot: number): Knex.QueryBuilder[] {
    return [addToOptions(db, slot, this.options), addToPolls(db, slot, this.polls)].filter((q) => q !== null);
  }
}
