import type { Knex } from 'knex';
import { BALLOT_LOG, BALLOT_LOG_SIZES, commitmentOf, leafHash, LOG_KEYS, logRow } from '../ballot-log';

const ROWS_PER_INSERT = 50; // under SQLite's 999 bound variables (7 per row)

// The public ballot log. Ballots stop holding the receipt (the secret that proves a vote): they
// keep its commitment, SHA-256 of the receipt, and the server derives a new ballot's receipt from
// the deployment secret when it must show it again (a replay, myVote).
//
// Ballots cast before this migration keep the commitment of the receipt their voters were given,
// so those receipts still verify against the log. Their receipt strings leave the ballots table;
// the copy in vote_requests (the stored answer a retry replays) stays, and is the only place where
// an old ballot's receipt can still be read, for myVote. New request records keep no receipt.
// Existing ballots enter the log in ballot id order (the order they were cast), one entry each
// with their current choices at their last change, with no `supersedes`: earlier choices of a
// changed ballot were never recorded.
//
// The log's shape here is the one this migration first had; 20261203060000_ballot_log_slim drops
// its stored leaf hash and its commitment index.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable(BALLOT_LOG, (t) => {
    t.string('poll_id', 32).notNullable().references('polls.id').onDelete('CASCADE');
    t.integer('seq').unsigned().notNullable();
    t.string('commitment', 64).notNullable();
    t.string('option_ids', 1000).notNullable(); // JSON array, as the voter sent them
    t.integer('supersedes').unsigned().nullable();
    t.bigInteger('at').notNullable();
    t.string('leaf_hash', 64).notNullable();
    t.primary(['poll_id', 'seq']);
    t.index(['poll_id', 'commitment']);
  });
  await knex.schema.createTable(BALLOT_LOG_SIZES, (t) => {
    t.string('poll_id', 32).primary().references('polls.id').onDelete('CASCADE');
    t.integer('size').unsigned().notNullable();
  });
  await knex.schema.createTable(LOG_KEYS, (t) => {
    t.string('key_id', 16).primary();
    t.string('public_key', 64).notNullable(); // base64 of the raw 32-byte Ed25519 key
    t.bigInteger('created_at').notNullable();
  });
  await knex.schema.alterTable('ballots', (t) => {
    t.string('commitment', 64).nullable();
  });
  await knex.schema.alterTable('vote_requests', (t) => {
    t.string('receipt', 32).nullable().alter();
  });

  const polls: { id: string }[] = await knex('polls').select('id').orderBy('id');
  for (const { id } of polls) {
    // Single-word names: the backend's pools map column names to camelCase, db/init's do too.
    const ballots: { id: number; receipt: string; choices: string; changed: number | string }[] = await knex('ballots')
      .where('poll_id', id)
      .orderBy('id')
      .select('id', 'receipt', 'choices', 'updated_at as changed');
    const rows = ballots.map((b, seq) => {
      const entry = { seq, commitment: commitmentOf(b.receipt), optionIds: JSON.parse(b.choices) as number[], at: Number(b.changed) };
      return { ...logRow(id, entry), leaf_hash: leafHash(entry) };
    });
    for (const [i, b] of ballots.entries()) await knex('ballots').where('id', b.id).update({ commitment: rows[i]!.commitment });
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await knex(BALLOT_LOG).insert(rows.slice(i, i + ROWS_PER_INSERT));
    await knex(BALLOT_LOG_SIZES).insert({ poll_id: id, size: rows.length });
  }

  await knex.schema.alterTable('ballots', (t) => {
    t.dropUnique(['receipt']);
  });
  await knex.schema.alterTable('ballots', (t) => {
    t.dropColumn('receipt');
    t.string('commitment', 64).notNullable().alter();
    t.index(['commitment'], 'ballots_commitment_index');
  });
}

export async function down(): Promise<void> {
  // The receipts this migration removed from the ballots table cannot be brought back.
  throw new Error('20261202060000_ballot_log cannot be undone: ballots no longer hold their receipts');
}
