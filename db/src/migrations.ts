import type { Knex } from 'knex';
import * as initial from './migrations/20261126000000_initial';
import * as voterPolicies from './migrations/20261202000000_voter_policies';
import * as ballotLog from './migrations/20261202060000_ballot_log';
import * as rankingCounts from './migrations/20261203000000_ranking_counts';
import * as ballotLogSlim from './migrations/20261203060000_ballot_log_slim';
import * as webhooks from './migrations/20261202120000_webhooks';

// Migrations are listed here rather than discovered on disk, so they run the same from TypeScript
// sources (tests) and compiled output (production).
const migrations: Record<string, Knex.Migration> = {
  '20261126000000_initial': initial,
  '20261202000000_voter_policies': voterPolicies,
  '20261202060000_ballot_log': ballotLog,
  '20261203000000_ranking_counts': rankingCounts,
  '20261203060000_ballot_log_slim': ballotLogSlim,
  '20261202120000_webhooks': webhooks,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};

export async function migrate(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: source })) as [number, string[]];
  return applied;
}
