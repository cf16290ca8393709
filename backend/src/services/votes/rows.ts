import type { PollResults } from '@votewire/wire';
import type { VoteRequest } from '../../models/VoteRequest';
import { commitmentOf } from '@votewire/db';
import { unprocessable } from '../../errors';
import type { Receipts } from '../receipts';
import type { VoteCommand, VoteOutcome } from './vote-writer';

// The rows a vote writes and reads back, the same whichever writer commits it.

/** A new ballot keeps only the commitment of its receipt. */
export const ballotRow = (c: VoteCommand, receipt: string, now: number) => ({
  pollId: c.poll.id,
  voterKey: c.voterKey,
  choices: JSON.stringify(c.optionIds),
  idempotencyKey: c.idempotencyKey,
  commitment: commitmentOf(receipt),
  ipHash: c.ipHash,
  createdAt: now,
  updatedAt: now,
});

/** A ballot's columns after its voter changed the vote. */
export const changedBallot = (c: VoteCommand, now: number) => ({
  choices: JSON.stringify(c.optionIds),
  idempotencyKey: c.idempotencyKey,
  ipHash: c.ipHash,
  updatedAt: now,
});

/**
 * The record that lets a retry of the request replay its answer. It keeps the receipt only when
 * the receipt cannot be derived again: a change of a ballot cast before receipts were derived.
 */
export const requestRow = (c: VoteCommand, receipts: Receipts, receipt: string, changed: boolean, now: number) => ({
  pollId: c.poll.id,
  voterKey: c.voterKey,
  idempotencyKey: c.idempotencyKey,
  requestHash: c.requestHash,
  receipt: receipt === receipts.of(c.poll.id, c.voterKey) ? null : receipt,
  optionIds: JSON.stringify(c.optionIds),
  changed,
  createdAt: now,
});

/**
 * A retried Idempotency-Key: null when it carries the same request as `previous` (a replay), else
 * the refusal, since the key already stands for another vote.
 */
export const replayRefusal = (previous: VoteRequest, c: VoteCommand) =>
  previous.requestHash === c.requestHash
    ? null
    : unprocessable('idempotency_conflict', 'This Idempotency-Key was already used for a different vote; use a new key for a new vote');

/** The first answer to a request, given again to its retry, with the results as they are now. */
export const replayedOutcome = (previous: VoteRequest, receipts: Receipts, results: PollResults): VoteOutcome => ({
  receipt: previous.receipt ?? receipts.of(previous.pollId, previous.voterKey),
  optionIds: JSON.parse(previous.optionIds) as number[],
  changed: Boolean(previous.changed),
  replayed: true,
  results,
});
