import type { Knex } from 'knex';
import type { QueryBuilder } from 'objection';
import { pollBallotsSql } from '@votewire/db';
import type { MyVote, PollResults, PublicPoll } from '@votewire/wire';
import { isDatabaseUnavailable, type Database } from '../db/database';
import { Ballot } from '../models/Ballot';
import { Poll } from '../models/Poll';
import { forbidden, notFound } from '../errors';
import { publicPollJson, publicPollView } from './poll-views';
import { phaseOf, resultsVisible } from './poll-rules';
import type { ResultsService } from './results';
import type { ResultsCache } from './results-cache';
import type { Receipts } from './receipts';

const POLL_CACHE_MS = 1000;

/** Who reads: an admin of a site (by API key), or a voter (by voter token) or anyone (null). */
export type Viewer = { siteId: number } | { voterKey: string | null };
const pollNotFound = () => notFound('poll_not_found', 'No poll with this id');

/**
 * Reading polls: which server answers (a replica, or the primary when the replica has not caught
 * up with what the reader must see) and what is answered from memory (a hot poll, its results).
 */
export class PollReads {
  constructor(
    private readonly db: Database,
    private readonly results: ResultsService,
    private readonly cache: ResultsCache,
    private readonly receipts: Receipts,
  ) {}

  private readonly recent = new Map<string, { poll: Poll; at: number }>();

  /**
   * A poll for the hot paths (votes, voter reads, subscriptions), kept for a second: a popular
   * poll is read thousands of times a second and changes rarely. Changes made here or on another
   * instance (a peer event) drop the entry at once; the time limit covers a lost event.
   */
  async cached(pollId: string, now = Date.now()): Promise<Poll> {
    const hit = this.recent.get(pollId);
    if (hit && now - hit.at < POLL_CACHE_MS) return hit.poll;
    const poll = await this.load(pollId);
    if (this.recent.size > 10_000) this.recent.clear(); // bounded: a flood of ids cannot grow it
    this.recent.set(pollId, { poll, at: now });
    return poll;
  }

  /** Drops what this instance remembers of a poll (it changed here or elsewhere). */
  forget(pollId: string): void {
    this.recent.delete(pollId);
    this.results.forget(pollId);
    this.cache.forget(pollId);
  }

  /** The poll as the primary has it, for announcing a change that was just committed. */
  loadFresh(pollId: string): Promise<Poll> {
    return this.load(pollId, this.db.write);
  }

  /** Authoritative results from the primary. */
  freshResults(pollId: string): Promise<PollResults> {
    return this.results.read(this.db.write, pollId);
  }

  /**
   * A poll with its options, from `db` or else a replica; a replica that has not seen a new poll
   * yet falls back to the primary.
   */
  async load(pollId: string, db?: Knex): Promise<Poll> {
    if (pollId.length > 32) throw pollNotFound();
    const find = (k: Knex) => Poll.query(k).findById(pollId).modify(withBallotCount).withGraphFetched('options');
    let poll = db ? await find(db) : await this.db.read(find);
    if (!poll && db === undefined) poll = await find(this.db.write);
    if (!poll) throw pollNotFound();
    return poll;
  }

  async loadForSite(siteId: number, pollId: string, db: Knex = this.db.write): Promise<Poll> {
    const poll = await this.load(pollId, db);
    if (poll.siteId !== siteId) throw pollNotFound(); // another site's poll does not exist for this key
    return poll;
  }

  /**
   * The voter's view. Read-your-writes: a replica's tallies are used for a voter only when the
   * replica holds the voter's latest ballot (then they include it); otherwise the view is read from
   * the primary. Where votes can change, the latest ballot is known only to the primary, so it is
   * asked (one indexed lookup); where they cannot, a ballot on the replica is final.
   */
  async publicView(pollId: string, voterKey: string | null, now = Date.now()): Promise<PublicPoll> {
    const { poll, results, myVote } = await this.publicParts(pollId, voterKey, now);
    return publicPollView(poll, results, myVote, now);
  }

  /** publicView as the JSON the read route sends. */
  async publicViewJson(pollId: string, voterKey: string | null, now = Date.now()): Promise<string> {
    const { poll, results, myVote } = await this.publicParts(pollId, voterKey, now);
    return publicPollJson(poll, results, myVote, now);
  }

  private async publicParts(pollId: string, voterKey: string | null, now: number) {
    const poll = await this.cached(pollId, now);
    if (poll.status === 'draft') throw pollNotFound();
    const phase = phaseOf(poll, now);
    // An anonymous reader of a hot poll is answered from the cache alone: no replica is asked (nor
    // counted as asked), and there is no ballot of its own to read.
    const hot = voterKey ? undefined : this.cache.fresh(pollId, now);
    if (hot) return { poll, results: resultsVisible(poll.resultsVisibility, phase, false) ? hot : null, myVote: null };
    const ballotOn = (db: Knex) => (voterKey ? Ballot.query(db).findOne({ pollId, voterKey }) : Promise.resolve(undefined));

    const { ballot, results } = await this.db.read(async (replica) => {
      const seen = await ballotOn(replica);
      let ballot = seen;
      let db = replica;
      if (voterKey && replica !== this.db.write && (!seen || poll.allowVoteChange)) {
        try {
          const latest = await ballotOn(this.db.write);
          if (latest && (!seen || Number(latest.updatedAt) !== Number(seen.updatedAt))) {
            ballot = latest;
            db = this.db.write;
          }
        } catch (err) {
          // With the primary down, the replica's view is the best there is: reads keep working.
          if (!isDatabaseUnavailable(err)) throw err;
        }
      }
      if (!resultsVisible(poll.resultsVisibility, phase, Boolean(ballot))) return { ballot, results: null };
      // The cache serves hot polls without a query; it is skipped for a voter's own ballot, whose
      // commit this instance may not have heard of yet.
      const cached = ballot ? undefined : this.cache.fresh(pollId, now);
      const results = cached ?? (await this.results.read(db, pollId));
      if (!cached) this.cache.offer(results, now);
      return { ballot, results };
    });
    const myVote: MyVote | null = ballot
      ? { optionIds: JSON.parse(ballot.choices) as number[], receipt: await this.receipts.ofBallot((q) => this.db.read(q), ballot) }
      : null;
    return { poll, results, myVote };
  }

  /**
   * Refuses, as GET /results would, a viewer who may not see the poll's results: 404 for a draft
   * or another site's poll, 403 results_hidden while they are hidden from this viewer.
   */
  async assertResultsVisible(pollId: string, viewer: Viewer, now = Date.now()): Promise<void> {
    if ('siteId' in viewer) {
      await this.loadForSite(viewer.siteId, pollId);
      return;
    }
    const poll = await this.cached(pollId, now);
    if (poll.status === 'draft') throw pollNotFound();
    const phase = phaseOf(poll, now);
    if (resultsVisible(poll.resultsVisibility, phase, false)) return;
    const { voterKey } = viewer;
    if (voterKey && resultsVisible(poll.resultsVisibility, phase, true)) {
      const find = (db: Knex) => Ballot.query(db).findOne({ pollId, voterKey });
      if ((await this.db.read(find)) ?? (await find(this.db.write))) return;
    }
    throw forbidden('results_hidden', resultsHiddenMessage(poll.resultsVisibility));
  }

  /** Results for a voter (null site) or an admin of the poll's site. */
  async resultsFor(pollId: string, viewer: Viewer, now = Date.now()): Promise<PollResults> {
    if ('siteId' in viewer) {
      return this.db.read(async (db) => {
        await this.loadForSite(viewer.siteId, pollId, db);
        return this.results.read(db, pollId);
      });
    }
    const view = await this.publicView(pollId, viewer.voterKey, now);
    if (!view.results) {
      throw forbidden('results_hidden', resultsHiddenMessage(view.resultsVisibility));
    }
    return view.results;
  }
}

/** Adds `ballotCount`, summed from the poll's tally slots in the same statement. */
export function withBallotCount(qb: QueryBuilder<Poll, Poll | Poll[] | undefined>): void {
  qb.select('polls.*', Poll.raw(`${pollBallotsSql('polls.id')} AS ballot_count`));
}

function resultsHiddenMessage(visibility: string): string {
  if (visibility === 'after_vote') return 'Results are shown after you vote';
  if (visibility === 'after_close') return 'Results are shown when the poll closes';
  return 'The results of this poll are not public';
}
