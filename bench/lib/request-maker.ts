import { randomUUID } from 'node:crypto';
import { VoterTokens } from '../../backend/dist/services/voter-tokens.js';

/** Votes: a distinct voter (a token minted with the stack's secret) and key per request. */
export interface VoteSpec {
  secret: string;
  pollId: string;
  optionIds: number[];
  /** Whole ballots to send in turn instead (rankings for a ranked poll). */
  ballots?: number[][];
}

export interface MadeRequest {
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * Builds each request of a load run: a no-op or read as is, or a fresh voter's vote, options in
 * turn. Votes for the first `prepared` requests are minted before the run starts, so that minting
 * (an HMAC and a UUID each) does not take CPU from the stack being measured; a longer run mints
 * the rest as it goes.
 */
export function requestMaker(method: 'GET' | 'POST', vote?: VoteSpec, prepared = 0): () => MadeRequest {
  if (!vote) {
    const made = { headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined };
    return () => made;
  }
  const tokens = new VoterTokens(vote.secret);
  let n = 0;
  const mint = (): MadeRequest => ({
    headers: { 'content-type': 'application/json', 'x-voter-token': tokens.issue(vote.pollId).token, 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      optionIds: vote.ballots ? vote.ballots[n++ % vote.ballots.length]! : [vote.optionIds[n++ % vote.optionIds.length]!],
    }),
  });
  const ready = Array.from({ length: prepared }, mint);
  let next = 0;
  return () => (next < ready.length ? ready[next++]! : mint());
}
