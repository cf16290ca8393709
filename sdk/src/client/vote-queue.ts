/*
 * The delivery loop, in a chunk of its own: the widget prefetches it as soon as it shows an open
 * poll, so it is in memory before the network can go away, without weighing on the first render.
 */
import type { VoteResponse } from '@votewire/wire';
import { toVotewireError, type VotewireError } from './errors.js';
import { save, uuid } from './storage.js';
import { pendingVotes, queueKey, type PendingVote } from './pending.js';

/** Longest wait between two attempts; the `online` event cuts any wait short. */
const MAX_DELAY_MS = 30_000;

/*
 * One delivery loop per idempotency key in this page, however many widgets ask for it: two widgets
 * for the same poll (or a widget re-attached to the DOM) must not race two requests.
 */
const inflight = new Map<string, Promise<VoteResponse>>();

/** Keeps at most one vote per poll: a newer choice replaces an unsent older one. */
export function enqueue(apiBase: string, vote: PendingVote): void {
  save(queueKey(apiBase), [...pendingVotes(apiBase).filter((v) => v.pollId !== vote.pollId), vote]);
}

function dequeue(apiBase: string, key: string): void {
  save(
    queueKey(apiBase),
    pendingVotes(apiBase).filter((v) => v.key !== key),
  );
}

export function isDelivering(key: string): boolean {
  return inflight.has(key);
}

/** Stores a new vote, then delivers it. */
export function cast(
  apiBase: string,
  pollId: string,
  optionIds: number[],
  send: (vote: PendingVote) => Promise<VoteResponse>,
  onRetry?: (error: VotewireError) => void,
): Promise<VoteResponse> {
  const vote: PendingVote = { pollId, optionIds, key: uuid(), createdAt: Date.now() };
  enqueue(apiBase, vote);
  return deliver(apiBase, vote, send, onRetry);
}

/**
 * Sends `vote` until the server answers: resolves with its answer, rejects with its final error.
 * The vote leaves storage only then, so a reload mid-outage picks it up again with the same key.
 */
export function deliver(
  apiBase: string,
  vote: PendingVote,
  send: (vote: PendingVote) => Promise<VoteResponse>,
  onRetry: (error: VotewireError) => void = () => {},
): Promise<VoteResponse> {
  let running = inflight.get(vote.key);
  if (!running) {
    running = attempt(apiBase, vote, send, onRetry).finally(() => inflight.delete(vote.key));
    inflight.set(vote.key, running);
  }
  return running;
}

async function attempt(
  apiBase: string,
  vote: PendingVote,
  send: (vote: PendingVote) => Promise<VoteResponse>,
  onRetry: (error: VotewireError) => void,
): Promise<VoteResponse> {
  for (let n = 0; ; n++) {
    try {
      const answer = await send(vote);
      dequeue(apiBase, vote.key);
      return answer;
    } catch (e) {
      const error = toVotewireError(e);
      if (!error.retryable) {
        dequeue(apiBase, vote.key);
        throw error;
      }
      onRetry(error);
      await waitToRetry(error.retryAfter * 1000 || Math.min(MAX_DELAY_MS, 1000 * 2 ** n));
    }
  }
}

function waitToRetry(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      removeEventListener('online', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    addEventListener('online', done);
  });
}
