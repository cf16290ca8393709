import type { PollPhase, PollResults, RoundsEvent } from '@votewire/wire';

export interface LiveHandlers {
  /** Results in whatever order the network delivers them; the receiver keeps the highest version. */
  results(results: PollResults): void;
  /** A ranked poll's runoff rounds: given, the subscription asks for them (`results` then carry first preferences). */
  rounds?(event: RoundsEvent): void;
  phase(phase: PollPhase): void;
  /** The poll's settings changed (visibility, options, phase): take a fresh snapshot of it. */
  changed?(): void;
  /** The connection dropped and came back: updates may have been missed, take a fresh snapshot. */
  reconnected(): void;
}

export interface LiveSubscription {
  /** Subscribes again, e.g. with a voter token after voting so that `after_vote` results flow. */
  refresh(voterToken?: string): void;
  close(): void;
}

/**
 * Live updates for one poll. The socket code and socket.io-client are one chunk, imported on the
 * first call, so the first render never waits for them and pages without live widgets never load them.
 */
export function subscribe(apiBase: string, pollId: string, handlers: LiveHandlers, voterToken?: string): Promise<LiveSubscription> {
  return import('./live-socket.js').then((m) => m.subscribe(apiBase, pollId, handlers, voterToken));
}
