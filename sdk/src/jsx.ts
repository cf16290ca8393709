/*
 * `<vote-poll>` in React 19 TSX, part of the `votewire/react` types (they need @types/react, which
 * only React apps have). React 19 sets a custom element's known properties (`strings` as an object,
 * `noLive`…) and listens to `on` + the event's own name.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { VotePoll } from './components/vote-poll/vote-poll.component.js';
import type { VoteCastEvent, VoteErrorEvent, VoteResultsEvent } from './events.js';

/** The attributes and properties of `<vote-poll>` as JSX props, and its events as `on…` handlers. */
export interface VotePollJsxProps {
  'poll-id'?: string;
  'api-base'?: string;
  'no-live'?: boolean;
  theme?: VotePoll['theme'];
  lang?: string;
  strings?: VotePoll['strings'] | string;
  'onvote-cast'?: (event: VoteCastEvent) => void;
  'onvote-error'?: (event: VoteErrorEvent) => void;
  'onvote-results'?: (event: VoteResultsEvent) => void;
}

/** The props of `<vote-poll>` in TSX: its own, and the ones React gives every HTML element. */
export type VotePollIntrinsicElement = VotePollJsxProps &
  Omit<DetailedHTMLProps<HTMLAttributes<VotePoll>, VotePoll>, keyof VotePollJsxProps>;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'vote-poll': VotePollIntrinsicElement;
    }
  }
}
