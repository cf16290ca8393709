/**
 * The Standard Webhooks retry schedule: the delay before each attempt, the first immediate. After
 * the last, the delivery has failed and its endpoint is marked failing.
 */
export const RETRY_DELAYS_MS = [0, 5_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 5 * 3_600_000, 10 * 3_600_000, 10 * 3_600_000];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length;

/** A receiver's Retry-After is honoured up to a day. */
const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

/** How long to wait after `attempts` attempts, the schedule scaled (tests), at least what Retry-After asked. */
export function nextDelayMs(attempts: number, scale: number, retryAfterMs: number | null): number {
  const scheduled = (RETRY_DELAYS_MS[Math.min(attempts, MAX_ATTEMPTS - 1)] ?? 0) * scale;
  return Math.round(Math.max(scheduled, Math.min(retryAfterMs ?? 0, RETRY_AFTER_CAP_MS)));
}
