import type { Knex } from 'knex';
import * as initial from './migrations/20261126000000_initial';
import * as voterPolicies from './migrations/20261202000000_voter_policies';
import * as ballotLog from './migrations/20261202060000_ballot_log';

// Migrations are listed here rather than discovered on disk, so they run the same from TypeScript
// sources (tests) and compiled output (production).
const migrations: Record<string, Knex.Migration> = {
  '20261126000000_initial': initial,
  '20261202000000_voter_policies': voterPolicies,
  '20261202060000_ballot_log': ballotLog,
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
