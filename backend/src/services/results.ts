import type { Knex } from 'knex';
import { logSizeSql, optionVotesSql, pollBallotsSql, pollVersionSql } from '@votewire/db';
import type { PollResults } from '@votewire/wire';
import { notFound } from '../errors';

/** One row per option. Single-word aliases read the same through knex's case mapper and raw. */
export interface TallyRow {
  option: number;
  votes: number | string;
  version: number | string;
  ballots: number | string;
  /** The poll's log size, when the deployment keeps a ballot log. */
  logsize?: number | string;
}

/** Stands for the poll's id in the compiled statement; no poll id can equal it. */
const POLL_ID_PLACEHOLDER = '\u0000poll';

const percent = (votes: number, total: number) => (total === 0 ? 0 : Math.round((votes / total) * 1000) / 10);

/**
 * Reads a poll's tallies. Counts and version come from one statement, so they always belong
 * together (on a replica too). A ranked poll's counts are its first preferences; its runoff rounds
 * are counted apart, off the event loop (rounds/runoff-rounds.ts), and never delay these.
 */
export class ResultsService {
  /** `ballotLog`: results carry the log's size, read in the same statement as the counts. */
  constructor(private readonly ballotLog: boolean) {}

  private readonly compiled = new WeakMap<Knex, Knex.SqlNative>();

  async read(db: Knex, pollId: string): Promise<PollResults> {
    return this.fromRows(pollId, (await this.query(db, pollId)) as TallyRow[]);
  }

  /**
   * The statement behind read(), compiled, for a caller that sends it along with others. Compiled
   * once per database and reused with the poll's id: knex took longer to build it than a batch of
   * votes takes in the rest of the backend.
   */
  nativeQuery(db: Knex, pollId: string): Knex.SqlNative {
    let compiled = this.compiled.get(db);
    if (!compiled) {
      compiled = this.query(db, POLL_ID_PLACEHOLDER).toSQL().toNative();
      this.compiled.set(db, compiled);
    }
    return { sql: compiled.sql, bindings: compiled.bindings.map((b) => (b === POLL_ID_PLACEHOLDER ? pollId : b)) };
  }

  private query(db: Knex, pollId: string): Knex.QueryBuilder {
    return db('polls')
      .join('poll_options', 'poll_options.poll_id', 'polls.id')
      .where('polls.id', pollId)
      .orderBy('poll_options.position')
      .select(
        'poll_options.id as option',
        db.raw(`${optionVotesSql('poll_options.id')} AS votes`),
        db.raw(`${pollVersionSql('polls.id')} AS version`),
        db.raw(`${pollBallotsSql('polls.id')} AS ballots`),
        ...(this.ballotLog ? [db.raw(`${logSizeSql('polls.id')} AS logsize`)] : []),
      );
  }

  /** Results from query()'s rows. */
  fromRows(pollId: string, rows: TallyRow[]): PollResults {
    if (rows.length === 0) throw notFound('poll_not_found', 'No poll with this id');
    const first = rows[0]!;
    const totalBallots = Number(first.ballots);
    return {
      pollId,
      version: Number(first.version),
      totalBallots,
      ...(first.logsize !== undefined && first.logsize !== null ? { treeSize: Number(first.logsize) } : {}),
      options: rows.map((r) => ({ id: r.option, votes: Number(r.votes), percent: percent(Number(r.votes), totalBallots) })),
      committedAt: Date.now(),
    };
  }
}
