import type { ApiErrorBody, PollResults, PublicPoll, VoteResponse } from '@votewire/wire';
import { VotewireError } from './errors.js';
import { subscribe, type LiveHandlers, type LiveSubscription } from './live.js';
import { storedToken } from './tokens.js';
import type { VotingContext } from './voting.js';
import { pendingVotes, type PendingVote } from './pending.js';

export interface VotewireClientOptions {
  /** Where the Votewire API is served, e.g. `https://polls.example.com`. */
  apiBase: string;
  /** Replaces the global `fetch`, e.g. to add logging. */
  fetch?: typeof fetch;
  /**
   * The signed-in user, as a JWT your server signs with a site identity key; required by polls
   * whose voter policy is `site_user`, where it makes every token for the same user the same voter.
   */
  voterIdentity?: string;
}

/**
 * A typed client of the public Votewire API, for sites that build their own poll UI. `<vote-poll>`
 * is built on it. The voter token and any vote not yet answered are kept in `localStorage` (per
 * API base), so a vote made offline is sent, with the same idempotency key, once the network is back.
 *
 * ```ts
 * const client = new VotewireClient({ apiBase: 'https://polls.example.com' });
 * const poll = await client.getPoll('p_123');
 * const answer = await client.castVote(poll.id, [poll.options[0].id]);
 * ```
 */
export class VotewireClient {
  readonly apiBase: string;
  /** See {@link VotewireClientOptions.voterIdentity}; may change, e.g. when the visitor signs in. */
  voterIdentity: string | undefined;
  readonly #fetcher: typeof fetch;

  constructor(options: VotewireClientOptions | string) {
    const opts = typeof options === 'string' ? { apiBase: options } : options;
    this.apiBase = opts.apiBase.replace(/\/+$/, '');
    this.voterIdentity = opts.voterIdentity;
    // Called through a closure: `this.#fetcher(...)` on a bare `window.fetch` is an illegal invocation.
    const f = opts.fetch;
    this.#fetcher = f ? (...a) => f(...a) : (...a) => fetch(...a);
  }

  /** The poll as this voter sees it: results only when visible to them, `myVote` once they voted. */
  getPoll(pollId: string): Promise<PublicPoll> {
    const token = this.storedToken(pollId);
    return this.#request('GET', `/polls/${encodeURIComponent(pollId)}`, undefined, token ? { 'X-Voter-Token': token } : {});
  }

  /** Current results; rejects with `403` while the poll's visibility hides them. */
  getResults(pollId: string): Promise<PollResults> {
    return this.#request('GET', `/polls/${encodeURIComponent(pollId)}/results`);
  }

  /** The voter token kept for this poll (and signed-in visitor), or null before the first vote. */
  storedToken(pollId: string): string | null {
    return storedToken(this.apiBase, pollId, this.voterIdentity);
  }

  /**
   * The kept voter token of this poll, or a new one from the server. Tokens are bound to one poll;
   * when the site asks for a proof of work, it is solved in a worker first.
   */
  voterToken(pollId: string): Promise<string> {
    return import('./voting.js').then((m) => m.voterToken(this.#context, pollId));
  }

  /**
   * One attempt at a vote. Retrying with the same `idempotencyKey` is always safe: the server
   * answers a repeated key with the first answer.
   */
  vote(pollId: string, optionIds: number[], idempotencyKey?: string): Promise<VoteResponse> {
    return import('./voting.js').then((m) => m.vote(this.#context, pollId, optionIds, idempotencyKey));
  }

  /**
   * A vote that survives bad networks: it is stored first, then sent until the server answers.
   * Resolves with the server's answer; rejects only with a final (4xx) error. `onPending` is called
   * on every failed attempt that will be retried, so a UI can say the vote is waiting.
   */
  castVote(pollId: string, optionIds: number[], onPending?: (error: VotewireError) => void): Promise<VoteResponse> {
    return import('./vote-queue.js').then((q) => q.cast(this.apiBase, pollId, optionIds, this.#send, onPending));
  }

  /** The stored, not yet answered vote for this poll, e.g. from before a reload. */
  pendingVote(pollId: string): PendingVote | null {
    return pendingVotes(this.apiBase).find((v) => v.pollId === pollId) ?? null;
  }

  /** Resumes sending the stored vote for this poll; null when there is none. */
  resumePending(pollId: string, onPending?: (error: VotewireError) => void): Promise<VoteResponse> | null {
    const vote = this.pendingVote(pollId);
    return vote && import('./vote-queue.js').then((q) => q.deliver(this.apiBase, vote, this.#send, onPending));
  }

  /**
   * Live results and phase changes over Socket.IO. socket.io-client is imported on the first call,
   * so pages that never subscribe never download it.
   */
  subscribe(pollId: string, handlers: LiveHandlers): Promise<LiveSubscription> {
    return subscribe(this.apiBase, pollId, handlers, this.storedToken(pollId) ?? undefined);
  }

  /** Sends a queued vote, with its idempotency key. */
  readonly #send = (v: PendingVote) => this.vote(v.pollId, v.optionIds, v.key);

  get #context(): VotingContext {
    return { apiBase: this.apiBase, voterIdentity: this.voterIdentity, request: (...a) => this.#request(...a) };
  }

  async #request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let res: Response;
    try {
      res = await this.#fetcher(`${this.apiBase}/api/v1${path}`, {
        method,
        headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? null : JSON.stringify(body),
        // A reconnect must see fresh counts, not an HTTP cache's copy.
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new VotewireError('network', (e as Error).message || 'Network error');
    }
    const data: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (data as ApiErrorBody | null)?.error;
      throw new VotewireError(
        err?.code ?? `http_${res.status}`,
        err?.message ?? res.statusText,
        res.status,
        Number(res.headers.get('Retry-After')) || 0,
      );
    }
    return data as T;
  }
}

export type { LiveHandlers, LiveSubscription, PendingVote };
