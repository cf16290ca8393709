import type { Knex } from 'knex';
import { createTallyTables, dropTallyTables } from '../tally-slots';

// Times are epoch milliseconds in BIGINT columns: the same on MySQL/MariaDB and SQLite, with no
// time-zone conversion anywhere between the database, the server and the clients.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sites', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.text('allowed_origins').notNullable(); // JSON array of origins
    t.boolean('is_default').notNullable().defaultTo(false);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
  });

  await knex.schema.createTable('api_keys', (t) => {
    t.increments('id').primary();
    t.integer('site_id').unsigned().notNullable().references('sites.id').onDelete('CASCADE');
    t.string('name', 100).notNullable();
    t.string('prefix', 16).notNullable();
    t.string('key_hash', 64).notNullable().unique();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at').nullable();
    t.bigInteger('revoked_at').nullable();
    t.index(['site_id']);
  });

  await knex.schema.createTable('polls', (t) => {
    t.string('id', 32).primary();
    t.integer('site_id').unsigned().notNullable().references('sites.id').onDelete('CASCADE');
    t.string('question', 500).notNullable();
    t.text('description').nullable();
    t.string('type', 16).notNullable();
    t.integer('min_choices').notNullable();
    t.integer('max_choices').notNullable();
    t.string('results_visibility', 16).notNullable();
    t.boolean('allow_vote_change').notNullable().defaultTo(false);
    t.string('status', 16).notNullable();
    t.bigInteger('opens_at').nullable();
    t.bigInteger('closes_at').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['site_id', 'created_at']);
  });

  await knex.schema.createTable('poll_options', (t) => {
    t.increments('id').primary();
    t.string('poll_id', 32).notNullable().references('polls.id').onDelete('CASCADE');
    t.string('label', 300).notNullable();
    t.integer('position').notNullable();
    t.string('image_url', 2000).nullable();
    t.index(['poll_id', 'position']);
  });

  await knex.schema.createTable('ballots', (t) => {
    t.bigIncrements('id').primary();
    t.string('poll_id', 32).notNullable().references('polls.id').onDelete('CASCADE');
    t.string('voter_key', 64).notNullable();
    t.string('choices', 1000).notNullable(); // JSON array of option ids, first preference first
    t.string('idempotency_key', 128).notNullable();
    t.string('receipt', 32).notNullable().unique();
    t.string('ip_hash', 64).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    // One ballot per voter per poll, enforced here and not only in code.
    t.unique(['poll_id', 'voter_key'], { indexName: 'ballots_poll_voter_unique' });
  });

  // One row per accepted vote request, so a retry with the same Idempotency-Key replays the first
  // answer even after the voter changed the ballot since.
  await knex.schema.createTable('vote_requests', (t) => {
    t.bigIncrements('id').primary();
    t.string('poll_id', 32).notNullable().references('polls.id').onDelete('CASCADE');
    t.string('voter_key', 64).notNullable();
    t.string('idempotency_key', 128).notNullable();
    t.string('request_hash', 64).notNullable();
    t.string('receipt', 32).notNullable();
    t.string('option_ids', 1000).notNullable();
    t.boolean('changed').notNullable();
    t.bigInteger('created_at').notNullable();
    t.unique(['voter_key', 'idempotency_key'], { indexName: 'vote_requests_voter_key_unique' });
    t.index(['poll_id']);
  });

  // The tally slots and their summing views belong to one module, with the SQL that reads them.
  await createTallyTables(knex);
}

export async function down(knex: Knex): Promise<void> {
  await dropTallyTables(knex);
  for (const table of ['vote_requests', 'ballots', 'poll_options', 'polls', 'api_keys', 'sites']) {
    await knex.schema.dropTableIfExists(table);
  }
}
