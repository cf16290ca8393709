import type { ApiErrorBody, PollResults, PublicPoll, VoteResponse, VoterTokenResponse } from '@votewire/wire';
import { VotewireError } from './errors.js';
import { subscribe, type LiveHandlers, type LiveSubscription } from './live.js';
import { load, remove, save, uuid } from './storage.js';
import { pendingVotes, type PendingVote } from './pending.js';

export interface VotewireClientOptions {
  /** Where the Votewire API is served, e.g. `https://polls.example.com`. */
  apiBase: string;
  /** Replaces the global `fetch`, e.g. to add logging. */
  fetch?: typeof fetch;
}

interface StoredToken {
  token: string;
  expiresAt: string;
}

/** Renew a stored token this long before it expires, so it cannot lapse mid-request. */
const TOKEN_MARGIN_MS = 60_000;

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
  readonly #fetcher: typeof fetch;
  #tokenRequest: Promise<string> | undefined;

  constructor(options: VotewireClientOptions | string) {
    const opts = typeof options === 'string' ? { apiBase: options } : options;
    this.apiBase = opts.apiBase.replace(/\/+$/, '');
    // Called through a closure: `this.#fetcher(...)` on a bare `window.fetch` is an illegal invocation.
    const f = opts.fetch;
    this.#fetcher = f ? (...a) => f(...a) : (...a) => fetch(...a);
  }

  /** The poll as this voter sees it: results only when visible to them, `myVote` once they voted. */
  getPoll(pollId: string): Promise<PublicPoll> {
    const token = this.storedToken();
    return this.#request('GET', `/polls/${encodeURIComponent(pollId)}`, undefined, token ? { 'X-Voter-Token': token } : {});
  }

  /** Current results; rejects with `403` while the poll's visibility hides them. */
  getResults(pollId: string): Promise<PollResults> {
    return this.#request('GET', `/polls/${encodeURIComponent(pollId)}/results`);
  }

  /** The voter token kept for this API base, or null before the first vote. */
  storedToken(): string | null {
    const stored = load<StoredToken>(this.#tokenKey);
    return stored && Date.parse(stored.expiresAt) - TOKEN_MARGIN_MS > Date.now() ? stored.token : null;
  }

  /** The kept voter token, or a new one from the server (one request however many callers). */
  voterToken(pollId?: string): Promise<string> {
    const kept = this.storedToken();
    if (kept) return Promise.resolve(kept);
    this.#tokenRequest ??= this.#request<VoterTokenResponse>('POST', '/voter-tokens', pollId ? { pollId } : {})
      .then((t) => {
        save(this.#tokenKey, t);
        return t.token;
      })
      .finally(() => (this.#tokenRequest = undefined));
    return this.#tokenRequest;
  }

  /**
   * One attempt at a vote. Retrying with the same `idempotencyKey` is always safe: the server
   * answers a repeated key with the first answer.
   */
  async vote(pollId: string, optionIds: number[], idempotencyKey: string = uuid()): Promise<VoteResponse> {
    const send = async () =>
      this.#request<VoteResponse>(
        'POST',
        `/polls/${encodeURIComponent(pollId)}/votes`,
        { optionIds },
        { 'X-Voter-Token': await this.voterToken(pollId), 'Idempotency-Key': idempotencyKey },
      );
    try {
      return await send();
    } catch (e) {
      if ((e as VotewireError).code !== 'invalid_voter_token') throw e;
      // Expired or revoked server-side before our own expiry clock said so: start afresh once.
      remove(this.#tokenKey);
      return send();
    }
  }

  /**
   * A vote that survives bad networks: it is stored first, then sent until the server answers.
   * Resolves with the server's answer; rejects only with a final (4xx) error. `onPending` is called
   * on every failed attempt that will be retried, so a UI can say the vote is waiting.
   */
  async castVote(pollId: string, optionIds: number[], onPending?: (error: VotewireError) => void): Promise<VoteResponse> {
    const { deliver, enqueue } = await import('./vote-queue.js');
    const vote: PendingVote = { pollId, optionIds, key: uuid(), createdAt: Date.now() };
    enqueue(this.apiBase, vote);
    return deliver(this.apiBase, vote, (v) => this.vote(v.pollId, v.optionIds, v.key), onPending);
  }

  /** The stored, not yet answered vote for this poll, e.g. from before a reload. */
  pendingVote(pollId: string): PendingVote | null {
    return pendingVotes(this.apiBase).find((v) => v.pollId === pollId) ?? null;
  }

  /** Resumes sending the stored vote for this poll; null when there is none. */
  resumePending(pollId: string, onPending?: (error: VotewireError) => void): Promise<VoteResponse> | null {
    const vote = this.pendingVote(pollId);
    return (
      vote &&
      import('./vote-queue.js').then((q) => q.deliver(this.apiBase, vote, (v) => this.vote(v.pollId, v.optionIds, v.key), onPending))
    );
  }

  /**
   * Live results and phase changes over Socket.IO. socket.io-client is imported on the first call,
   * so pages that never subscribe never download it.
   */
  subscribe(pollId: string, handlers: LiveHandlers): Promise<LiveSubscription> {
    return subscribe(this.apiBase, pollId, handlers, this.storedToken() ?? undefined);
  }

  get #tokenKey() {
    return `votewire:token:${this.apiBase}`;
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
