import type { Knex } from 'knex';

const caseOf = (column: string, pairs: readonly (readonly [string | number, number])[]) =>
  `CASE ${column} ${pairs.map(() => 'WHEN ? THEN ?').join(' ')} ELSE 0 END`;

/** Adds each delta to its option's counter in one slot; rows are touched in id order. */
export async function addToOptions(trx: Knex.Transaction, slot: number, deltas: Map<number, number>): Promise<void> {
  const pairs = [...deltas].filter(([, d]) => d !== 0).sort(([a], [b]) => a - b);
  if (pairs.length === 0) return;
  await trx('option_tally_slots')
    .where('slot', slot)
    .whereIn(
      'option_id',
      pairs.map(([id]) => id),
    )
    .update({ votes: trx.raw(`votes + ${caseOf('option_id', pairs)}`, pairs.flat()) });
}

/** Adds new ballots to each poll's slot and, unless told not to, one to its version. */
export async function addToPolls(trx: Knex.Transaction, slot: number, newBallots: Map<string, number>, bumpVersion = true): Promise<void> {
  const pairs = [...newBallots].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (pairs.length === 0) return;
  await trx('poll_tally_slots')
    .where('slot', slot)
    .whereIn(
      'poll_id',
      pairs.map(([id]) => id),
    )
    .update({
      ...(bumpVersion ? { version: trx.raw('version + 1') } : {}),
      ballots: trx.raw(`ballots + ${caseOf('poll_id', pairs)}`, pairs.flat()),
    });
}
