import type { Knex } from 'knex';

/** Slots per poll and per option (see the migration): enough that concurrent batches rarely meet. */
export const TALLY_SLOTS = 16;

/** Creates the empty tally slots of a poll's options (and of the poll itself, with `withPoll`). */
export async function createTallySlots(db: Knex, pollId: string, optionIds: number[], withPoll = true): Promise<void> {
  const slots = Array.from({ length: TALLY_SLOTS }, (_, slot) => slot);
  if (withPoll) await db('poll_tally_slots').insert(slots.map((slot) => ({ poll_id: pollId, slot, version: 0, ballots: 0 })));
  if (optionIds.length > 0) {
    await db('option_tally_slots').insert(
      optionIds.flatMap((id) => slots.map((slot) => ({ option_id: id, slot, poll_id: pollId, votes: 0 }))),
    );
  }
}
