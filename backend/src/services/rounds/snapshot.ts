import type { Knex } from 'knex';
import { pollVersionSql, rankingCountsQuery } from '@votewire/db';
import type { RankingCount } from '../runoff';

/** What a poll's rounds are counted from: read in one snapshot, so the version is what they count. */
export interface RankingSnapshot {
  version: number;
  optionIds: number[];
  rankings: RankingCount[];
}

/** Reads a poll's version, options (in their order) and ballots per ranking in one transaction. */
export function readSnapshot(db: Knex, pollId: string): Promise<RankingSnapshot> {
  return db.transaction(async (trx) => {
    const [poll] = (await trx('polls')
      .where('id', pollId)
      .select(trx.raw(`${pollVersionSql('polls.id')} AS version`))) as { version: number | string }[];
    if (!poll) throw new Error(`no poll ${pollId}`);
    const options = (await trx('poll_options').where('poll_id', pollId).orderBy('position').select('id')) as { id: number }[];
    const rankings = (await rankingCountsQuery(trx, pollId)) as { ranking: string; ballots: number | string }[];
    return {
      version: Number(poll.version),
      optionIds: options.map((o) => o.id),
      rankings: rankings.map((r) => ({ ranking: JSON.parse(r.ranking) as number[], ballots: Number(r.ballots) })),
    };
  });
}
