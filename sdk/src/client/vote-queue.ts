import type { VoteResponse } from '@votewire/wire';
import { toVotewireError, type VotewireError } from './errors.js';
import { load, save } from './storage.js';

/** A vote that has been made but not yet answered by the server. */
export interface PendingVote {
  pollId: string;
  optionIds: number[];
  /** Sent as `Idempotency-Key` on every attempt, so a retry can never count twice. */
  key: string;
  createdAt: number;
}

/** Longest wait between two attempts; the `online` event cuts any wait short. */
const MAX_DELAY_MS = 30_000;

const storageKey = (apiBase: string) => `votewire:queue:${apiBase}`;

/*
 * One delivery loop per idempotency key in this page, however many widgets ask for it: two widgets
 * for the same poll (or a widget re-attached to the DOM) must not race two requests.
 */
const inflight = new Map<string, Promise<VoteResponse>>();

export function pendingVotes(apiBase: string): PendingVote[] {
  return load<PendingVote[]>(storageKey(apiBase)) ?? [];
}

/** Keeps at most one vote per poll: a newer choice replaces an unsent older one. */
export function enqueue(apiBase: string, vote: PendingVote): void {
  save(storageKey(apiBase), [...pendingVotes(apiBase).filter((v) => v.pollId !== vote.pollId), vote]);
}

function dequeue(apiBase: string, key: string): void {
  save(
    storageKey(apiBase),
    pendingVotes(apiBase).filter((v) => v.key !== key),
  );
}

export function isDelivering(key: string): boolean {
  return inflight.has(key);
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
