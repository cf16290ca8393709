import type { Knex } from 'knex';

/** Slots per poll and per option (see the migration): enough that concurrent batches rarely meet. */
export const TALLY_SLOTS = 16;
const COMPOUND_SELECT_ROWS = 500;

/** Creates the empty tally slots of a poll's options (and of the poll itself, with `withPoll`). */
export async function createTallySlots(db: Knex, pollId: string, optionIds: number[], withPoll = true): Promise<void> {
  const slots = Array.from({ length: TALLY_SLOTS }, (_, slot) => slot);
  if (withPoll) await db('poll_tally_slots').insert(slots.map((slot) => ({ poll_id: pollId, slot, version: 0, ballots: 0 })));
  const rows = optionIds.flatMap((id) => slots.map((slot) => ({ option_id: id, slot, poll_id: pollId, votes: 0 })));
  // knex writes a multi-row INSERT on SQLite as one compound SELECT, which SQLite caps at 500 terms
  // (SQLITE_MAX_COMPOUND_SELECT): 50 options × 16 slots need two statements.
  for (let i = 0; i < rows.length; i += COMPOUND_SELECT_ROWS) {
    await db('option_tally_slots').insert(rows.slice(i, i + COMPOUND_SELECT_ROWS));
  }
}
