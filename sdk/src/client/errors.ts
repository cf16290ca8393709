/**
 * Everything the client throws. `code` is the API's error code (`already_voted`, `poll_closed`, …)
 * or `network` when no answer came back at all.
 */
export class VotewireError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status, 0 when the request never got an answer. */
    readonly status = 0,
    /** Seconds from a `Retry-After` header, 0 when there was none (or CORS hid it). */
    readonly retryAfter = 0,
  ) {
    super(message);
    this.name = 'VotewireError';
  }

  /**
   * True when the same request may still succeed later: no answer, a 5xx, or 429. Any other 4xx is
   * the server's final word, so a queued vote is dropped rather than retried for ever.
   */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429;
  }
}

export const toVotewireError = (e: unknown): VotewireError =>
  e instanceof VotewireError ? e : new VotewireError('network', String((e as Error)?.message ?? e));
