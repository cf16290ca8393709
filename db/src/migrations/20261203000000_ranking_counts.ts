import type { Knex } from 'knex';
import { backfillRankingCounts, createRankingCounts, RANKING_COUNTS } from '../ranking-counts';

// Ranked polls count their instant-runoff rounds from ballots per distinct ranking instead of
// rereading every ballot; the ballots already cast are counted in.
export async function up(knex: Knex): Promise<void> {
  await createRankingCounts(knex);
  await backfillRankingCounts(knex);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists(RANKING_COUNTS);
}
