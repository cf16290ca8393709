import type { PollResults } from '@votewire/wire';
import type { Poll } from '../../models/Poll';
import { unavailable } from '../../errors';

/** One voter's checked ballot, ready to be written. */
export interface VoteCommand {
  poll: Poll;
  voterKey: string;
  /** In ranking order for ranked polls. */
  optionIds: number[];
  /** The option ids whose tallies this ballot adds to. */
  countedIds: number[];
  idempotencyKey: string;
  /** Hash of what was asked (poll and choices): a retried key must carry the same request. */
  requestHash: string;
  ipHash: string | null;
}

export interface VoteOutcome {
  receipt: string;
  optionIds: number[];
  changed: boolean;
  /** True when this answers a retry of an earlier, already committed request. */
  replayed: boolean;
  /** Authoritative tallies right after this vote (or, for a replay, now). */
  results: PollResults;
}

/**
 * The vote write path. Routes and services reach it only through this interface, so how votes are
 * committed (one transaction each, or grouped into batches) can change without touching them.
 */
export interface VoteWriter {
  write(command: VoteCommand): Promise<VoteOutcome>;
  /** Finishes in-flight work; later writes are refused. */
  close(): Promise<void>;
}

/** What a closed writer answers: the retryable 503, so a client retries on a live instance. */
export const writerClosed = () => unavailable('service_unavailable', 'The server is shutting down; retry');
