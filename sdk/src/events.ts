import type { PollResults } from '@votewire/wire';

/** `vote-cast`: the server recorded this voter's ballot (also for a vote that waited offline). */
export interface VoteCastDetail {
  pollId: string;
  optionIds: number[];
  receipt: string;
  /** True when the ballot replaced an earlier one of the same voter. */
  changed: boolean;
}

/** `vote-error`: loading or voting failed; `code` is the API's error code or `network`. */
export interface VoteErrorDetail {
  pollId: string;
  code: string;
  message: string;
  /** HTTP status, 0 when no answer came back. */
  status: number;
}

/** `vote-results`: newer results arrived (from the API or live), in version order. */
export interface VoteResultsDetail {
  pollId: string;
  results: PollResults;
}

export type VoteCastEvent = CustomEvent<VoteCastDetail>;
export type VoteErrorEvent = CustomEvent<VoteErrorDetail>;
export type VoteResultsEvent = CustomEvent<VoteResultsDetail>;

export interface VotePollEventMap {
  'vote-cast': VoteCastEvent;
  'vote-error': VoteErrorEvent;
  'vote-results': VoteResultsEvent;
}

// The events bubble and are composed, so listeners on `document` and `window` receive them too.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends VotePollEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DocumentEventMap extends VotePollEventMap {}
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface WindowEventMap extends VotePollEventMap {}
}
