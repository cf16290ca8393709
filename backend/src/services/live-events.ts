import type { PollResults } from '@votewire/wire';

/**
 * What services tell the live channel. Implemented by the Socket.IO layer (realtime/), so services
 * never depend on how updates travel.
 */
export interface LiveEvents {
  /** Fresh tallies were committed. */
  resultsChanged(results: PollResults): void;
  /** A poll's phase, settings or existence may have changed. */
  pollChanged(pollId: string): void;
}
