import type { Knex } from 'knex';
import { isUniqueViolation, type Database } from '../../db/database';
import { Ballot } from '../../models/Ballot';
import { VoteRequest } from '../../models/VoteRequest';
import { conflict, unprocessable } from '../../errors';
import type { ResultsService } from '../results';
import { countedChoices } from '../poll-rules';
import { ballotRow, changedBallot, newReceipt, requestRow } from './rows';
import { addToOptions, addToPolls } from './tally-slots';
import type { VoteCommand, VoteOutcome, VoteWriter } from './vote-writer';

class Replay {
  constructor(readonly request: VoteRequest) {}
}

/** Checks a retried Idempotency-Key: the same request replays, anything else is refused. */
export function replayOf(previous: VoteRequest, command: VoteCommand): Replay {
  if (previous.requestHash !== command.requestHash) {
    throw unprocessable('idempotency_conflict', 'This Idempotency-Key was already used for a different vote; use a new key for a new vote');
  }
  return new Replay(previous);
}

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
  ) {}

  async write(command: VoteCommand): Promise<VoteOutcome> {
    if (this.closed) throw new Error('vote writer is closed');
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.write.transaction((trx) => this.apply(trx, command));
      } catch (err) {
        if (err instanceof Replay) return this.replay(err.request);
        // A concurrent request of the same voter won the race for the unique index: run again,
        // now seeing its ballot (a replay, a change, or already_voted).
        if (isUniqueViolation(err) && attempt < 2) continue;
        throw err;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private async apply(trx: Knex.Transaction, c: VoteCommand): Promise<VoteOutcome> {
    const { poll } = c;
    const now = Date.now();
    // Every vote of a poll takes the same tally slot first: the hot row the batched writer avoids.
    await addToPolls(trx, 0, new Map([[poll.id, 0]]));

    const previous = await VoteRequest.query(trx).findOne({ voterKey: c.voterKey, idempotencyKey: c.idempotencyKey });
    if (previous) throw replayOf(previous, c);

    const ballot = await Ballot.query(trx).findOne({ pollId: poll.id, voterKey: c.voterKey });
    const receipt = ballot?.receipt ?? newReceipt();
    if (ballot) {
      if (!poll.allowVoteChange) throw conflict('already_voted', 'You have already voted in this poll');
      const oldCounted = countedChoices(poll.type, JSON.parse(ballot.choices) as number[]);
      await addToOptions(trx, 0, new Map(oldCounted.map((id) => [id, -1])));
      await Ballot.query(trx).patch(changedBallot(c, now)).where('id', ballot.id);
    } else {
      await Ballot.query(trx).insert(ballotRow(c, receipt, now));
      await addToPolls(trx, 0, new Map([[poll.id, 1]]), false);
    }
    await addToOptions(trx, 0, new Map(c.countedIds.map((id) => [id, 1])));
    await VoteRequest.query(trx).insert(requestRow(c, receipt, Boolean(ballot), now));
    const results = await this.results.read(trx, poll.id);
    return { receipt, optionIds: c.optionIds, changed: Boolean(ballot), replayed: false, results };
  }

  private async replay(request: VoteRequest): Promise<VoteOutcome> {
    return {
      receipt: request.receipt,
      optionIds: JSON.parse(request.optionIds) as number[],
      changed: Boolean(request.changed),
      replayed: true,
      results: await this.results.read(this.db.write, request.pollId),
    };
  }
}
