/**
 * `votewire/react`: `<VotePoll>` for React, made with `@lit/react`: props set the element's
 * properties, and `onVoteCast`, `onVoteError`, `onVoteResults` receive its typed events. Importing
 * it also defines `<vote-poll>` and types it for TSX (`JSX.IntrinsicElements`).
 *
 * ```tsx
 * <VotePoll pollId="p_123" apiBase="https://polls.example.com" onVoteCast={(e) => console.log(e.detail.receipt)} />
 * ```
 */
import { createComponent, type EventName } from '@lit/react';
import * as React from 'react';
import { VotePoll as VotePollElement } from './components/vote-poll/vote-poll.js';
import type { VoteCastEvent, VoteErrorEvent, VoteResultsEvent } from './events.js';

export type { VotePollIntrinsicElement, VotePollJsxProps } from './jsx.js';

export const VotePoll = createComponent({
  tagName: 'vote-poll',
  elementClass: VotePollElement,
  react: React,
  events: {
    onVoteCast: 'vote-cast' as EventName<VoteCastEvent>,
    onVoteError: 'vote-error' as EventName<VoteErrorEvent>,
    onVoteResults: 'vote-results' as EventName<VoteResultsEvent>,
  },
  displayName: 'VotePoll',
});
