import type { Knex } from 'knex';
import { addToPolls, TallyChange } from '@votewire/db';
import { isLockConflict, isUniqueViolation, type Database } from '../../db/database';
import { Ballot } from '../../models/Ballot';
import { VoteRequest } from '../../models/VoteRequest';
import { conflict } from '../../errors';
import type { ResultsService } from '../results';
import { countedChoices } from '../poll-rules';
import type { Receipts } from '../receipts';
import type { LogAppender } from '../log/append';
import {
  ballotRequest,
  ballotRow,
  changedBallot,
  rankBallot,
  replayedOutcome,
  replayRefusal,
  requestRow,
  storedChoices,
  supersededRequest,
  writeChangeRecords,
  type RequestRecord,
} from './rows';
import { countsPerIp, ipLimitReached, takeIpBallot } from './ip-ballots';
import { writerClosed, type VoteCommand, type VoteOutcome, type VoteWriter } from './vote-writer';

/**
 * One transaction per vote. It takes the poll's first tally slot first, which serialises a poll's
 * voters (the naive baseline that the batched writer is measured against) and makes every later
 * read in the transaction see the latest committed state.
 */
export class SingleVoteWriter implements VoteWriter {
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly results: ResultsService,
    private readonly receipts: Receipts,
    /** Null when the deployment keeps no ballot log. */
    private readonly log: LogAppender | null,
  ) {}

  async write(command: VoteCommand): Promise<VoteOutcome> {
    if (this.closed) throw writerClosed();
    for (let attempt = 0; ; attempt++) {
      try {
        const done = await this.db.write.transaction((trx) => this.apply(trx, command));
        if ('replayOf' in done)
          return replayedOutcome(done.replayOf, this.receipts, await this.results.read(this.db.write, done.replayOf.pollId));
        return done;
      } catch (err) {
        // A concurrent request of the same voter won the race for the unique index: run again,
        // now seeing its ballot (a replay, a change, or already_voted). A lock conflict (two changes
        // in polls whose log entries sit side by side in the index) rolled everything back: again.
        if ((isUniqueViolation(err) || isLockConflict(err)) && attempt < 2) continue;
        throw err;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** The vote's outcome, or the earlier request that this one retries (nothing is written then). */
  private async apply(trx: Knex.Transaction, c: VoteCommand): Promise<VoteOutcome | { replayOf: RequestRecord }> {
    const { poll } = c;
    const now = Date.now();
    // Every vote of a poll takes the same tally slot first (after the log's size row, which every
    // writer takes before anything else): the hot row the batched writer avoids. Taking it adds
    // nothing, so a retry found next commits no change.
    await this.log?.lockSizes(trx, [poll.id]);
    await addToPolls(trx, 0, new Map([[poll.id, 0]]), false);

    const ballot = await Ballot.query(trx).findOne({ pollId: poll.id, voterKey: c.voterKey });
    // A retry of the ballot's first vote finds it in the ballot; of a change, in its record.
    const previous =
      (await VoteRequest.query(trx).findOne({ voterKey: c.voterKey, idempotencyKey: c.idempotencyKey })) ??
      (ballot?.idempotencyKey === c.idempotencyKey ? ballotRequest(ballot) : undefined);
    if (previous) {
      const refusal = replayRefusal(previous, c);
      if (refusal) throw refusal;
      return { replayOf: previous };
    }

    const receipt = ballot ? await this.receipts.ofBallot(async (q) => q(trx), ballot) : this.receipts.of(poll.id, c.voterKey);
    const tally = rankBallot(new TallyChange().count(c.countedIds, 1).touch(poll.id, ballot ? 0 : 1), poll, storedChoices(c), 1);
    let commitment: string;
    if (ballot) {
      if (!poll.allowVoteChange) throw conflict('already_voted', 'You have already voted in this poll');
      rankBallot(tally.count(countedChoices(poll.type, JSON.parse(ballot.choices) as number[]), -1), poll, ballot.choices, -1);
      await Ballot.query(trx).patch(changedBallot(c, now)).where('id', ballot.id);
      await writeChangeRecords(trx, [supersededRequest(ballot)], [requestRow(c, this.receipts, receipt, now)]);
      commitment = ballot.commitment;
    } else {
      if (countsPerIp(c) && !(await takeIpBallot(trx, c))) throw ipLimitReached(c);
      const row = ballotRow(c, receipt, now);
      await Ballot.query(trx).insert(row);
      commitment = row.commitment;
    }
    for (const q of tally.statements(trx, 0)) await q;
    await this.log?.append(trx, [{ pollId: poll.id, commitment, optionIds: c.optionIds, changed: Boolean(ballot) }], now);
    const results = await this.results.read(trx, poll.id);
    return { receipt, optionIds: c.optionIds, changed: Boolean(ballot), replayed: false, results };
  }
}
