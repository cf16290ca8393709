import type { Knex } from 'knex';
import { BALLOT_LOG, leafHash } from '../ballot-log';

// The log's rows lose what the vote path paid for on the primary and on every replica without
// needing it there: the stored leaf hash (hashed by whoever builds a tree, from the entry) and the
// (poll_id, commitment) index. A commitment's latest entry is now found through its ballot:
// ballots.log_seq, set in the transaction that appends the entry, and the entries it supersedes
// from there. Ballots logged before take the seq of their commitment's latest entry.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('ballots', (t) => {
    t.integer('log_seq').unsigned().nullable();
  });
  await knex('ballots').update({
    log_seq: knex(BALLOT_LOG)
      .max('seq')
      .where('ballot_log.poll_id', knex.ref('ballots.poll_id'))
      .andWhere('ballot_log.commitment', knex.ref('ballots.commitment')),
  });
  await knex.schema.alterTable(BALLOT_LOG, (t) => {
    t.dropIndex(['poll_id', 'commitment']);
  });
  await knex.schema.alterTable(BALLOT_LOG, (t) => {
    t.dropColumn('leaf_hash');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable(BALLOT_LOG, (t) => {
    t.string('leaf_hash', 64).nullable();
    t.index(['poll_id', 'commitment']);
  });
  // Single-word names: the backend's pools map column names to camelCase, db/init's do too.
  const rows: { poll: string; seq: number; commitment: string; options: string; supersedes: number | null; at: number }[] = await knex(
    BALLOT_LOG,
  ).select('poll_id as poll', 'seq', 'commitment', 'option_ids as options', 'supersedes', 'at');
  for (const r of rows) {
    const entry = {
      seq: Number(r.seq),
      commitment: r.commitment,
      optionIds: JSON.parse(r.options) as number[],
      supersedes: r.supersedes,
      at: Number(r.at),
    };
    await knex(BALLOT_LOG)
      .where({ poll_id: r.poll, seq: r.seq })
      .update({ leaf_hash: leafHash(entry) });
  }
  await knex.schema.alterTable('ballots', (t) => {
    t.dropColumn('log_seq');
  });
}
