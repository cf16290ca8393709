import type { Knex } from 'knex';
import { optionVotesSql, pollBallotsSql, pollVersionSql } from '@votewire/db';
import type { PollResults, PollType, RunoffRound } from '@votewire/wire';
import { Ballot } from '../models/Ballot';
import { notFound } from '../errors';
import { instantRunoff } from './runoff';

/** One row per option. Single-word aliases read the same through knex's case mapper and raw. */
export interface TallyRow {
  type: PollType;
  option: number;
  votes: number | string;
  version: number | string;
  ballots: number | string;
}

/** Stands for the poll's id in the compiled statement; no poll id can equal it. */
const POLL_ID_PLACEHOLDER = '\u0000poll';

const percent = (votes: number, total: number) => (total === 0 ? 0 : Math.round((votes / total) * 1000) / 10);

/**
 * Reads a poll's tallies. Counts and version come from one statement, so they always belong
 * together (on a replica too); ranked polls add their runoff rounds, computed once per version.
 */
export class ResultsService {
  private readonly rounds = new Map<string, { version: number; rounds: RunoffRound[] }>();
  private readonly compiled = new WeakMap<Knex, Knex.SqlNative>();

  async read(db: Knex, pollId: string): Promise<PollResults> {
    return this.fromRows(db, pollId, (await this.query(db, pollId)) as TallyRow[]);
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
        'polls.type',
        'poll_options.id as option',
        db.raw(`${optionVotesSql('poll_options.id')} AS votes`),
        db.raw(`${pollVersionSql('polls.id')} AS version`),
        db.raw(`${pollBallotsSql('polls.id')} AS ballots`),
      );
  }

  /** Results from query()'s rows; `db` serves the ballots a ranked poll's runoff needs. */
  async fromRows(db: Knex, pollId: string, rows: TallyRow[]): Promise<PollResults> {
    if (rows.length === 0) throw notFound('poll_not_found', 'No poll with this id');
    const first = rows[0]!;
    const version = Number(first.version);
    const totalBallots = Number(first.ballots);
    const results: PollResults = {
      pollId,
      version,
      totalBallots,
      options: rows.map((r) => ({ id: r.option, votes: Number(r.votes), percent: percent(Number(r.votes), totalBallots) })),
      committedAt: Date.now(),
    };
    if (first.type === 'ranked') {
      results.rounds = await this.runoff(
        db,
        pollId,
        version,
        rows.map((r) => r.option),
      );
    }
    return results;
  }

  private async runoff(db: Knex, pollId: string, version: number, optionIds: number[]): Promise<RunoffRound[]> {
    const cached = this.rounds.get(pollId);
    if (cached && cached.version === version) return cached.rounds;
    const ballots = await Ballot.query(db).where('poll_id', pollId).select('choices');
    const rounds = instantRunoff(
      optionIds,
      ballots.map((b) => JSON.parse(b.choices) as number[]),
    );
    // Keep the newest; an older replica's answer must not evict a newer one.
    if (!cached || cached.version < version) this.rounds.set(pollId, { version, rounds });
    return rounds;
  }

  forget(pollId: string): void {
    this.rounds.delete(pollId);
  }
}
