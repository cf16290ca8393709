import type { Knex } from 'knex';
import type { TallyChange } from '@votewire/db';
import type { PollResults } from '@votewire/wire';
import type { Ballot } from '../../models/Ballot';
import type { Poll } from '../../models/Poll';
import { VoteRequest } from '../../models/VoteRequest';
import { commitmentOf } from '@votewire/db';
import { unprocessable } from '../../errors';
import type { Receipts } from '../receipts';
import { sha256 } from '../secrets';
import type { VoteCommand, VoteOutcome } from './vote-writer';

// The rows a vote writes and reads back, the same whichever writer commits it.

/** A ballot's `choices` as stored: for a ranked poll also its key in the ranking counts. */
export const storedChoices = (c: VoteCommand) => JSON.stringify(c.optionIds);

/** What tells a retry (the same body) from another vote under a used Idempotency-Key. */
export const requestHashOf = (pollId: string, choices: string) => sha256(`${pollId}:${choices}`);

/** Counts a ranked ballot's ranking (`choices` as stored) `by` more; other polls keep no rankings. */
export const rankBallot = (tally: TallyChange, poll: Pick<Poll, 'id' | 'type'>, choices: string, by: number) =>
  poll.type === 'ranked' ? tally.rank(poll.id, choices, by) : tally;

/** A new ballot keeps only the commitment of its receipt. */
export const ballotRow = (c: VoteCommand, receipt: string, now: number) => ({
  pollId: c.poll.id,
  voterKey: c.voterKey,
  choices: storedChoices(c),
  idempotencyKey: c.idempotencyKey,
  commitment: commitmentOf(receipt),
  ipHash: c.ipHash,
  createdAt: now,
  updatedAt: now,
});

/** A ballot's columns after its voter changed the vote. */
export const changedBallot = (c: VoteCommand, now: number) => ({
  choices: storedChoices(c),
  idempotencyKey: c.idempotencyKey,
  ipHash: c.ipHash,
  updatedAt: now,
});

/** What a retry of a request is answered from. */
export type RequestRecord = Pick<VoteRequest, 'pollId' | 'voterKey' | 'requestHash' | 'receipt' | 'optionIds' | 'changed'>;

/**
 * The record that lets a retry of a change replay its answer. A first vote writes none: its ballot
 * holds its key and choices (ballotRequest) until a change supersedes them, when supersededRequest
 * writes the record. The receipt is kept only when it cannot be derived again: a change of a ballot
 * cast before receipts were derived.
 */
export const requestRow = (c: VoteCommand, receipts: Receipts, receipt: string, now: number) => ({
  pollId: c.poll.id,
  voterKey: c.voterKey,
  idempotencyKey: c.idempotencyKey,
  requestHash: c.requestHash,
  receipt: receipt === receipts.of(c.poll.id, c.voterKey) ? null : receipt,
  optionIds: JSON.stringify(c.optionIds),
  changed: true,
  createdAt: now,
});

type StoredBallot = Pick<Ballot, 'pollId' | 'voterKey' | 'idempotencyKey' | 'choices' | 'createdAt'>;

/**
 * The request a ballot's current key stands for, when no record holds it: the first vote (a
 * change always writes its record), whose receipt is derived.
 */
export const ballotRequest = (b: StoredBallot): RequestRecord => ({
  pollId: b.pollId,
  voterKey: b.voterKey,
  requestHash: requestHashOf(b.pollId, b.choices),
  receipt: null,
  optionIds: b.choices,
  changed: false,
});

/** The record of the request a change supersedes, so that its retry still replays. */
export const supersededRequest = (b: StoredBallot) => ({
  ...ballotRequest(b),
  idempotencyKey: b.idempotencyKey,
  createdAt: b.createdAt,
});

/**
 * Writes the records of changed ballots: each change's own, and the one of the request it
 * supersedes, which a superseded change or a first vote from before first votes kept no record
 * already has (the unique key is ignored for those).
 */
export async function writeChangeRecords(
  trx: Knex.Transaction,
  superseded: ReturnType<typeof supersededRequest>[],
  changes: ReturnType<typeof requestRow>[],
): Promise<void> {
  if (changes.length === 0) return;
  await trx(VoteRequest.tableName).insert(superseded).onConflict(['voter_key', 'idempotency_key']).ignore();
  await trx(VoteRequest.tableName).insert(changes);
}

/**
 * A retried Idempotency-Key: null when it carries the same request as `previous` (a replay), else
 * the refusal, since the key already stands for another vote.
 */
export const replayRefusal = (previous: RequestRecord, c: VoteCommand) =>
  previous.requestHash === c.requestHash
    ? null
    : unprocessable('idempotency_conflict', 'This Idempotency-Key was already used for a different vote; use a new key for a new vote');

/** The first answer to a request, given again to its retry, with the results as they are now. */
export const replayedOutcome = (previous: RequestRecord, receipts: Receipts, results: PollResults): VoteOutcome => ({
  receipt: previous.receipt ?? receipts.of(previous.pollId, previous.voterKey),
  optionIds: JSON.parse(previous.optionIds) as number[],
  changed: Boolean(previous.changed),
  replayed: true,
  results,
});
