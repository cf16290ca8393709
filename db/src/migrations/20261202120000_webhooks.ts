import type { Knex } from 'knex';

// Signed webhooks: the endpoints a site registers, the outbox of events written in the same
// transaction as the change that caused them, one delivery per (event, endpoint) that instances
// claim with a lease, and the attempts made for each.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('webhook_endpoints', (t) => {
    t.string('id', 40).primary();
    t.integer('site_id').unsigned().notNullable().references('sites.id').onDelete('CASCADE');
    t.string('url', 2000).notNullable();
    t.string('events', 200).notNullable(); // JSON array of event types
    t.string('description', 2000).notNullable().defaultTo('');
    t.string('secret_sealed', 200).notNullable(); // AES-256-GCM under a key derived from the deployment secret
    t.string('previous_secret_sealed', 200).nullable(); // still signs until previous_secret_expires_at
    t.bigInteger('previous_secret_expires_at').nullable();
    t.bigInteger('disabled_at').nullable();
    t.string('disabled_reason', 16).nullable(); // gone (410) | manual
    t.bigInteger('failing_since').nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.index(['site_id', 'created_at']);
  });

  await knex.schema.createTable('webhook_events', (t) => {
    t.bigIncrements('id').primary();
    t.integer('site_id').unsigned().notNullable().references('sites.id').onDelete('CASCADE');
    t.string('type', 32).notNullable();
    t.text('payload').notNullable(); // the exact body every delivery of it sends and signs
    t.bigInteger('created_at').notNullable();
  });

  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.string('id', 40).primary(); // the webhook-id header, the same on every attempt
    t.string('endpoint_id', 40).notNullable().references('webhook_endpoints.id').onDelete('CASCADE');
    t.bigInteger('event_id').unsigned().notNullable().references('webhook_events.id').onDelete('CASCADE');
    t.string('event_type', 32).notNullable();
    t.string('status', 16).notNullable(); // pending | delivered | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable();
    // When a pending delivery is due: its next attempt, or, while an instance holds it, the end of
    // that instance's lease (so a delivery whose instance died is due again then). Null: paused
    // while its endpoint is disabled.
    t.bigInteger('next_attempt_at').nullable();
    t.string('lease_owner', 64).nullable();
    t.bigInteger('lease_expires_at').nullable();
    t.integer('last_response_code').nullable();
    t.string('last_response_body', 1024).nullable();
    t.string('last_error', 300).nullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('delivered_at').nullable();
    t.index(['status', 'next_attempt_at']);
    t.index(['endpoint_id', 'created_at']);
  });

  await knex.schema.createTable('webhook_attempts', (t) => {
    t.bigIncrements('id').primary();
    t.string('delivery_id', 40).notNullable().references('webhook_deliveries.id').onDelete('CASCADE');
    t.bigInteger('at').notNullable();
    t.integer('response_code').nullable();
    t.string('error', 300).nullable();
    t.integer('duration_ms').notNullable();
    t.index(['delivery_id']);
  });

  // The phase last announced per poll (poll.opened / poll.closed): an API change and the schedule
  // (a poll reaching opens_at or closes_at) both compare against it under a row lock, so each
  // opening and closing is announced once, by whichever instance sees it first.
  await knex.schema.createTable('webhook_poll_phases', (t) => {
    t.string('poll_id', 32).primary().references('polls.id').onDelete('CASCADE');
    t.string('phase', 16).notNullable();
  });

  // The last poll.results event per poll: instances coalesce against it with a conditional UPDATE,
  // so the interval holds across all of them.
  await knex.schema.createTable('webhook_results_sent', (t) => {
    t.string('poll_id', 32).primary().references('polls.id').onDelete('CASCADE');
    t.bigInteger('version').notNullable();
    t.bigInteger('sent_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'webhook_poll_phases',
    'webhook_results_sent',
    'webhook_attempts',
    'webhook_deliveries',
    'webhook_events',
    'webhook_endpoints',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
