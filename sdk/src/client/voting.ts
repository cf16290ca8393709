/*
 * Voting: minting the poll's voter token (vouched for by the host page's identity JWT when it has
 * one, paid for with a proof of work when the site asks) and sending a ballot with it. A chunk of
 * its own, out of the widget's first load; the widget prefetches it beside the vote queue.
 */
import type { AltchaChallenge, VoteResponse, VoterTokenResponse } from '@votewire/wire';
import type { VotewireError } from './errors.js';
import { uuid } from './storage.js';
import { forgetToken, keepToken, storedToken } from './tokens.js';

/** What voting needs of a `VotewireClient`. */
export interface VotingContext {
  apiBase: string;
  voterIdentity: string | undefined;
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

/** API bases whose site asked for a proof of work: their next tokens skip the unsolved attempt. */
const powSites = new Set<string>();

/** Token requests in flight, per API base, poll and identity: one request however many callers. */
const inFlight = new Map<string, Promise<string>>();

export function voterToken(c: VotingContext, pollId: string): Promise<string> {
  const identity = c.voterIdentity;
  const kept = storedToken(c.apiBase, pollId, identity);
  if (kept) return Promise.resolve(kept);
  const key = `${c.apiBase} ${pollId} ${identity}`;
  let minting = inFlight.get(key);
  if (!minting) {
    minting = mint(c, pollId, identity)
      .then((t) => (keepToken(c.apiBase, pollId, identity, t), t.token))
      .finally(() => inFlight.delete(key));
    inFlight.set(key, minting);
  }
  return minting;
}

async function mint(c: VotingContext, pollId: string, identity: string | undefined): Promise<VoterTokenResponse> {
  const body = { pollId, identity };
  if (!powSites.has(c.apiBase)) {
    try {
      return await c.request<VoterTokenResponse>('POST', '/voter-tokens', body);
    } catch (e) {
      if ((e as VotewireError).code !== 'challenge_required') throw e;
      powSites.add(c.apiBase);
    }
  }
  const { solveChallenge } = await import('./proof-of-work.js');
  const challenge = await c.request<AltchaChallenge>('GET', `/voter-tokens/challenge?pollId=${encodeURIComponent(pollId)}`);
  return c.request<VoterTokenResponse>('POST', '/voter-tokens', { ...body, altcha: await solveChallenge(challenge) });
}

export async function vote(c: VotingContext, pollId: string, optionIds: number[], idempotencyKey = uuid()): Promise<VoteResponse> {
  const send = async () =>
    c.request<VoteResponse>(
      'POST',
      `/polls/${encodeURIComponent(pollId)}/votes`,
      { optionIds },
      { 'X-Voter-Token': await voterToken(c, pollId), 'Idempotency-Key': idempotencyKey },
    );
  try {
    return await send();
  } catch (e) {
    if (!['invalid_voter_token', 'voter_token_wrong_poll'].includes((e as VotewireError).code)) throw e;
    // Expired or revoked server-side before our own expiry clock said so, or minted for another
    // poll by an older version of this client: start afresh once.
    forgetToken(c.apiBase, pollId);
    return send();
  }
}
