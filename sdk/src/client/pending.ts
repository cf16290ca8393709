import { load } from './storage.js';

/** A vote that has been made but not yet answered by the server. */
export interface PendingVote {
  pollId: string;
  optionIds: number[];
  /** Sent as `Idempotency-Key` on every attempt, so a retry can never count twice. */
  key: string;
  createdAt: number;
}

export const queueKey = (apiBase: string): string => `votewire:queue:${apiBase}`;

export function pendingVotes(apiBase: string): PendingVote[] {
  return load<PendingVote[]>(queueKey(apiBase)) ?? [];
}
