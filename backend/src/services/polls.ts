import type { Knex } from 'knex';
import type { QueryBuilder } from 'objection';
import { createTallySlots } from '@votewire/db';
import type { AdminPoll, MyVote, Page, PollResults, PublicPoll } from '@votewire/wire';
import { isDatabaseUnavailable, type Database } from '../db/database';
import { Ballot } from '../models/Ballot';
import { Poll } from '../models/Poll';
import { PollOption } from '../models/PollOption';
import { VoteRequest } from '../models/VoteRequest';
import { conflict, forbidden, notFound } from '../errors';
import { withoutInvisiblePrefix } from './labels';
import { parsePollInput, POLL_TYPES, STATUSES, type OptionInput } from './poll-input';
import { adminPollView, publicPollJson, publicPollView } from './poll-views';
import { phaseOf, resultsVisible } from './poll-rules';
import type { LiveEvents } from './live-events';
import type { ResultsService } from './results';
import type { ResultsCache } from './results-cache';
import { randomId } from './secrets';
import * as v from './validate';

const POLL_CACHE_MS = 1000;
const notFoundError = () => notFound('poll_not_found', 'No poll with this id');

export class PollService {
  constructor(
    private readonly db: Database,
    private readonly results: ResultsService,
    private readonly cache: ResultsCache,
    private readonly events: LiveEvents,
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
    if (pollId.length > 32) throw notFoundError();
    const find = (k: Knex) => Poll.query(k).findById(pollId).modify(withBallotCount).withGraphFetched('options');
    let poll = db ? await find(db) : await this.db.read(find);
    if (!poll && db === undefined) poll = await find(this.db.write);
    if (!poll) throw notFoundError();
    return poll;
  }

  async loadForSite(siteId: number, pollId: string, db: Knex = this.db.write): Promise<Poll> {
    const poll = await this.load(pollId, db);
    if (poll.siteId !== siteId) throw notFoundError(); // another site's poll does not exist for this key
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
    if (poll.status === 'draft') throw notFoundError();
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
    const myVote: MyVote | null = ballot ? { optionIds: JSON.parse(ballot.choices) as number[], receipt: ballot.receipt } : null;
    return { poll, results, myVote };
  }

  /** Results for a voter (null site) or an admin of the poll's site. */
  async resultsFor(pollId: string, viewer: { siteId: number } | { voterKey: string | null }, now = Date.now()): Promise<PollResults> {
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

  adminView(poll: Poll): AdminPoll {
    return adminPollView(poll, Date.now());
  }

  async list(siteId: number, query: Record<string, unknown>): Promise<Page<AdminPoll>> {
    const limit = query.limit === undefined ? 20 : v.integer(Number(query.limit), 'limit', 1, 100);
    const offset = query.offset === undefined ? 0 : v.integer(Number(query.offset), 'offset', 0, 1_000_000);
    const status = query.status === undefined ? undefined : v.oneOf(query.status, 'status', STATUSES);
    const type = query.type === undefined ? undefined : v.oneOf(query.type, 'type', POLL_TYPES);
    const q = query.q === undefined ? undefined : v.text(query.q, 'q', 1, 200);
    return this.db.read(async (db) => {
      const qb = Poll.query(db).where('siteId', siteId);
      if (status) qb.where('status', status);
      if (type) qb.where('type', type);
      if (q) qb.whereRaw(`question LIKE ? ESCAPE '${LIKE_ESCAPE}'`, [`%${likeLiteral(q)}%`]);
      const page = qb.clone().modify(withBallotCount);
      const total = await qb.resultSize();
      const polls = await page
        .withGraphFetched('options')
        .orderBy([{ column: 'createdAt', order: 'desc' }, 'id'])
        .limit(limit)
        .offset(offset);
      const now = Date.now();
      return { items: polls.map((p) => adminPollView(p, now)), total, limit, offset };
    });
  }

  async create(siteId: number, body: unknown): Promise<Poll> {
    const { fields, options } = parsePollInput(body);
    const now = Date.now();
    const id = randomId(12);
    await this.db.write.transaction(async (trx) => {
      await Poll.query(trx).insert({ ...fields, id, siteId, createdAt: now, updatedAt: now });
      // One multi-row INSERT (objection's insert takes one row at a time outside PostgreSQL).
      await trx(PollOption.tableName).insert(
        options!.map((o, position) => ({ pollId: id, label: o.label, imageUrl: o.imageUrl, position })),
      );
      const optionIds = (await PollOption.query(trx).where('pollId', id).select('id')).map((o) => o.id);
      await createTallySlots(trx, id, optionIds);
    });
    return this.load(id, this.db.write);
  }

  async update(siteId: number, pollId: string, body: unknown): Promise<Poll> {
    await this.db.write.transaction(async (trx) => {
      const poll = await this.loadForSite(siteId, pollId, trx);
      const current = {
        ...poll,
        allowVoteChange: Boolean(poll.allowVoteChange),
        opensAt: poll.opensAt === null ? null : Number(poll.opensAt),
        closesAt: poll.closesAt === null ? null : Number(poll.closesAt),
        optionCount: poll.options!.length,
      };
      const { fields, options } = parsePollInput(body, current);
      const shapeChanged =
        options !== null || fields.type !== poll.type || fields.minChoices !== poll.minChoices || fields.maxChoices !== poll.maxChoices;
      if (shapeChanged && Number(poll.ballotCount) > 0) {
        throw conflict('options_frozen', 'Options, type and choice limits cannot change once the poll has votes');
      }
      await Poll.query(trx)
        .patch({ ...fields, updatedAt: Date.now() })
        .where('id', pollId);
      if (options) await replaceOptions(trx, poll, options);
    });
    this.forget(pollId);
    this.events.pollChanged(pollId);
    return this.load(pollId, this.db.write);
  }

  async remove(siteId: number, pollId: string): Promise<void> {
    await this.db.write.transaction(async (trx) => {
      await this.loadForSite(siteId, pollId, trx);
      // Explicit deletes: SQLite enforces ON DELETE CASCADE only with foreign_keys on, MySQL always.
      await VoteRequest.query(trx).delete().where('pollId', pollId);
      await Ballot.query(trx).delete().where('pollId', pollId);
      await trx('option_tally_slots').delete().where('pollId', pollId);
      await trx('poll_tally_slots').delete().where('pollId', pollId);
      await PollOption.query(trx).delete().where('pollId', pollId);
      await Poll.query(trx).deleteById(pollId);
    });
    this.forget(pollId);
    this.events.pollChanged(pollId);
  }

  /** Opens a poll now; a closing time already past is cleared, or reopening would not reopen it. */
  async setOpen(siteId: number, pollId: string, open: boolean): Promise<Poll> {
    const poll = await this.loadForSite(siteId, pollId);
    const now = Date.now();
    const patch: Partial<Poll> = { status: open ? 'open' : 'closed', updatedAt: now };
    if (open && poll.closesAt !== null && Number(poll.closesAt) <= now) patch.closesAt = null;
    if (open && poll.opensAt !== null && Number(poll.opensAt) > now) patch.opensAt = null;
    await Poll.query(this.db.write).patch(patch).where('id', pollId);
    this.forget(pollId);
    this.events.pollChanged(pollId);
    return this.load(pollId, this.db.write);
  }

  /** Anonymised ballots: no voter key, no IP hash, no receipt; numbered in the order cast. */
  async exportCsv(siteId: number, pollId: string): Promise<string> {
    const { poll, ballots } = await this.db.read(async (db) => {
      const found = await this.loadForSite(siteId, pollId, db);
      return { poll: found, ballots: await Ballot.query(db).where('pollId', pollId).orderBy('id').select('choices', 'createdAt') };
    });
    const labels = new Map(poll.options!.map((o) => [o.id, o.label]));
    const separator = poll.type === 'ranked' ? ' > ' : '; ';
    const lines = [['ballot', 'submitted_at', 'choices', 'option_ids'].join(',')];
    ballots.forEach((b, i) => {
      const ids = JSON.parse(b.choices) as number[];
      lines.push(
        [
          String(i + 1),
          new Date(Number(b.createdAt)).toISOString(),
          ids.map((id) => labels.get(id) ?? `#${id}`).join(separator),
          ids.join(' '),
        ]
          .map(csvCell)
          .join(','),
      );
    });
    return lines.join('\r\n') + '\r\n';
  }
}

/** Adds `ballotCount`, summed from the poll's tally slots in the same statement. */
function withBallotCount(qb: QueryBuilder<Poll, Poll | Poll[] | undefined>): void {
  qb.select('polls.*', Poll.raw('(SELECT COALESCE(SUM(t.ballots), 0) FROM poll_tally_slots t WHERE t.poll_id = polls.id) AS ballot_count'));
}

function resultsHiddenMessage(visibility: string): string {
  if (visibility === 'after_vote') return 'Results are shown after you vote';
  if (visibility === 'after_close') return 'Results are shown when the poll closes';
  return 'The results of this poll are not public';
}

/**
 * LIKE has no default escape character on SQLite, and MySQL's (a backslash) is itself an escape
 * in MySQL string literals: one explicit character that neither treats specially works on both.
 */
const LIKE_ESCAPE = '!';
const likeLiteral = (text: string) => text.replace(/[!%_]/g, (c) => LIKE_ESCAPE + c);

/**
 * Quotes a CSV cell, and defuses cells a spreadsheet would run as a formula: spreadsheets also take
 * the fullwidth signs (＝＋－＠) and skip invisible characters before the sign.
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(withoutInvisiblePrefix(value)) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function replaceOptions(trx: Knex.Transaction, poll: Poll, options: OptionInput[]): Promise<void> {
  const existing = new Set(poll.options!.map((o) => o.id));
  const kept = new Set(options.filter((o) => o.id !== undefined).map((o) => o.id!));
  for (const id of kept) {
    if (!existing.has(id)) throw notFound('option_not_found', `Option ${id} is not part of this poll`);
  }
  const removed = [...existing].filter((id) => !kept.has(id));
  if (removed.length > 0) {
    await trx('option_tally_slots').delete().whereIn('optionId', removed);
    await PollOption.query(trx).delete().whereIn('id', removed);
  }
  for (const [position, o] of options.entries()) {
    if (o.id !== undefined) await PollOption.query(trx).patch({ label: o.label, imageUrl: o.imageUrl, position }).where('id', o.id);
    else {
      const added = await PollOption.query(trx).insert({ pollId: poll.id, label: o.label, imageUrl: o.imageUrl, position });
      await createTallySlots(trx, poll.id, [added.id], false);
    }
  }
}
