import type { Knex } from 'knex';

// Who counts as one voter, per poll, and what the database needs to hold each policy under
// concurrent requests on several instances: a per-address ballot counter, the spent proof-of-work
// challenges, and the keys sites sign their users' identities with.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('polls', (t) => {
    t.string('voter_policy', 16).notNullable().defaultTo('browser');
    t.integer('max_ballots_per_ip').notNullable().defaultTo(1);
  });

  await knex.schema.alterTable('sites', (t) => {
    t.boolean('pow_enabled').notNullable().defaultTo(false);
    t.integer('pow_difficulty').notNullable().defaultTo(50_000); // LIMITS.proofOfWorkDifficulty.default
  });

  // One row per (poll, keyed address hash): the ballot that would take it past the poll's limit is
  // refused by a conditional UPDATE in the ballot's own transaction.
  await knex.schema.createTable('ip_ballots', (t) => {
    t.string('poll_id', 32).notNullable().references('polls.id').onDelete('CASCADE');
    t.string('ip_hash', 64).notNullable();
    t.integer('ballots').notNullable();
    t.primary(['poll_id', 'ip_hash']);
  });

  // A solved challenge is spent by inserting it: the primary key refuses a second use on any instance.
  await knex.schema.createTable('spent_challenges', (t) => {
    t.string('challenge', 128).primary();
    t.bigInteger('expires_at').notNullable().index();
  });

  await knex.schema.createTable('identity_keys', (t) => {
    t.string('id', 40).primary();
    t.integer('site_id').unsigned().notNullable().references('sites.id').onDelete('CASCADE');
    t.string('secret_sealed', 200).notNullable(); // AES-256-GCM under a key derived from the deployment secret
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at').nullable();
    t.bigInteger('revoked_at').nullable();
    t.index(['site_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['identity_keys', 'spent_challenges', 'ip_ballots']) await knex.schema.dropTableIfExists(table);
  await knex.schema.alterTable('sites', (t) => {
    t.dropColumn('pow_enabled');
    t.dropColumn('pow_difficulty');
  });
  await knex.schema.alterTable('polls', (t) => {
    t.dropColumn('voter_policy');
    t.dropColumn('max_ballots_per_ip');
  });
}
