import type { Knex } from 'knex';
import { createBallotLog, createTallySlots, deleteBallotLog, deleteRankingCounts, deleteTallySlots } from '@votewire/db';
import type { AdminPoll, PollInput, PollListQuery, PollPage, PollPatch } from '@votewire/wire';
import { LIMITS } from '@votewire/wire/limits';
import type { Database } from '../db/database';
import { Ballot } from '../models/Ballot';
import { Poll } from '../models/Poll';
import { PollOption } from '../models/PollOption';
import { VoteRequest } from '../models/VoteRequest';
import { conflict, notFound } from '../errors';
import { resolvePollInput, type OptionInput } from './poll-input';
import { adminPollView } from './poll-views';
import type { LiveEvents } from './live-events';
import { withBallotCount, type PollReads } from './poll-reads';
import { randomId } from './secrets';
import type { PollWebhooks } from './webhooks/poll-events';

/**
 * The admin CRUD of polls, scoped to the key's site. Every change drops what instances remember
 * of the poll and tells its live watchers; its webhook events are written in its transaction.
 */
export class PollAdmin {
  constructor(
    private readonly db: Database,
    private readonly reads: PollReads,
    private readonly events: LiveEvents,
    private readonly webhooks: PollWebhooks,
  ) {}

  /** A poll of the site, from the primary (an admin sees what was just saved). */
  get(siteId: number, pollId: string): Promise<Poll> {
    return this.reads.loadForSite(siteId, pollId);
  }

  adminView(poll: Poll): AdminPoll {
    return adminPollView(poll, Date.now());
  }

  async list(siteId: number, query: PollListQuery): Promise<PollPage> {
    const { status, type, q, limit = LIMITS.pageSize.default, offset = 0 } = query;
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

  async create(siteId: number, input: PollInput): Promise<Poll> {
    const { fields, options } = resolvePollInput(input);
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
      await createBallotLog(trx, id);
      await this.webhooks.created(trx, await this.reads.load(id, trx));
    });
    return this.reads.load(id, this.db.write);
  }

  async update(siteId: number, pollId: string, patch: PollPatch): Promise<Poll> {
    await this.db.write.transaction(async (trx) => {
      const poll = await this.reads.loadForSite(siteId, pollId, trx);
      const current = {
        ...poll,
        allowVoteChange: Boolean(poll.allowVoteChange),
        opensAt: poll.opensAt === null ? null : Number(poll.opensAt),
        closesAt: poll.closesAt === null ? null : Number(poll.closesAt),
        optionCount: poll.options!.length,
      };
      const { fields, options } = resolvePollInput(patch, current);
      const shapeChanged =
        options !== null || fields.type !== poll.type || fields.minChoices !== poll.minChoices || fields.maxChoices !== poll.maxChoices;
      if (shapeChanged && Number(poll.ballotCount) > 0) {
        throw conflict('options_frozen', 'Options, type and choice limits cannot change once the poll has votes');
      }
      await Poll.query(trx)
        .patch({ ...fields, updatedAt: Date.now() })
        .where('id', pollId);
      if (options) await replaceOptions(trx, poll, options);
      await this.webhooks.updated(trx, await this.reads.load(pollId, trx));
    });
    this.reads.forget(pollId);
    this.events.pollChanged(pollId);
    return this.reads.load(pollId, this.db.write);
  }

  async remove(siteId: number, pollId: string): Promise<void> {
    await this.db.write.transaction(async (trx) => {
      await this.reads.loadForSite(siteId, pollId, trx);
      // Explicit deletes: SQLite enforces ON DELETE CASCADE only with foreign_keys on, MySQL always.
      await VoteRequest.query(trx).delete().where('pollId', pollId);
      await Ballot.query(trx).delete().where('pollId', pollId);
      await deleteTallySlots(trx, { pollId });
      await deleteBallotLog(trx, pollId);
      await deleteRankingCounts(trx, pollId);
      await PollOption.query(trx).delete().where('pollId', pollId);
      await this.webhooks.forget(trx, pollId);
      await Poll.query(trx).deleteById(pollId);
    });
    this.reads.forget(pollId);
    this.events.pollChanged(pollId);
  }

  /** Opens a poll now; a closing time already past is cleared, or reopening would not reopen it. */
  async setOpen(siteId: number, pollId: string, open: boolean): Promise<Poll> {
    await this.db.write.transaction(async (trx) => {
      const poll = await this.reads.loadForSite(siteId, pollId, trx);
      const now = Date.now();
      const patch: Partial<Poll> = { status: open ? 'open' : 'closed', updatedAt: now };
      if (open && poll.closesAt !== null && Number(poll.closesAt) <= now) patch.closesAt = null;
      if (open && poll.opensAt !== null && Number(poll.opensAt) > now) patch.opensAt = null;
      await Poll.query(trx).patch(patch).where('id', pollId);
      await this.webhooks.phaseChanged(trx, await this.reads.load(pollId, trx));
    });
    this.reads.forget(pollId);
    this.events.pollChanged(pollId);
    return this.reads.load(pollId, this.db.write);
  }
}

async function replaceOptions(trx: Knex.Transaction, poll: Poll, options: OptionInput[]): Promise<void> {
  const existing = new Set(poll.options!.map((o) => o.id));
  const kept = new Set(options.filter((o) => o.id !== undefined).map((o) => o.id!));
  for (const id of kept) {
    if (!existing.has(id)) throw notFound('option_not_found', `Option ${id} is not part of this poll`);
  }
  const removed = [...existing].filter((id) => !kept.has(id));
  if (removed.length > 0) {
    await deleteTallySlots(trx, { optionIds: removed });
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

/**
 * LIKE has no default escape character on SQLite, and MySQL's (a backslash) is itself an escape
 * in MySQL string literals: one explicit character that neither treats specially works on both.
 */
const LIKE_ESCAPE = '!';
const likeLiteral = (text: string) => text.replace(/[!%_]/g, (c) => LIKE_ESCAPE + c);
