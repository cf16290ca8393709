import type { Knex } from 'knex';

const caseOf = (column: string, pairs: readonly (readonly [string | number, number])[]) =>
  `CASE ${column} ${pairs.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 0 END`;

// Each returns the statement rather than running it: awaited inside a transaction, or compiled
// into a batch's one-round-trip script. Null when there is nothing to add.

/** Adds each delta to its option's counter in one slot; rows are touched in id order. */
export function addToOptions(db: Knex, slot: number, deltas: Map<number, number>): Knex.QueryBuilder | null {
  const pairs = [...deltas].filter(([, d]) => d !== 0).sort(([a], [b]) => a - b);
  if (pairs.length === 0) return null;
  return db('option_tally_slots')
    .where('slot', slot)
    .whereIn(
      'option_id',
      pairs.map(([id]) => id),
    )
    .update({ votes: db.raw(`votes + ${caseOf('option_id', pairs)}`, pairs.flat()) });
}

/** Adds new ballots to each poll's slot and, unless told not to, one to its version. */
export function addToPolls(db: Knex, slot: number, newBallots: Map<string, number>, bumpVersion = true): Knex.QueryBuilder | null {
  const pairs = [...newBallots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (pairs.length === 0) return null;
  return db('poll_tally_slots')
    .where('slot', slot)
    .whereIn(
      'poll_id',
      pairs.map(([id]) => id),
    )
    .update({
      ...(bumpVersion ? { version: db.raw('version + 1') } : {}),
      ballots: db.raw(`ballots + ${caseOf('poll_id', pairs)}`, pairs.flat()),
    });
}
