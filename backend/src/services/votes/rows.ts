import { randomId } from '../secrets';
import type { VoteCommand } from './vote-writer';

// The rows a vote writes, the same whichever writer commits it.

export const newReceipt = () => 'r_' + randomId(20);

export const ballotRow = (c: VoteCommand, receipt: string, now: number) => ({
  pollId: c.poll.id,
  voterKey: c.voterKey,
  choices: JSON.stringify(c.optionIds),
  idempotencyKey: c.idempotencyKey,
  receipt,
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

/** The record that lets a retry of the request replay its answer. */
export const requestRow = (c: VoteCommand, receipt: string, changed: boolean, now: number) => ({
  pollId: c.poll.id,
  voterKey: c.voterKey,
  idempotencyKey: c.idempotencyKey,
  requestHash: c.requestHash,
  receipt,
  optionIds: JSON.stringify(c.optionIds),
  changed,
  createdAt: now,
});
