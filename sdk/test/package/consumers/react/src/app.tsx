// React 19: <vote-poll> straight in TSX and the wrapper, both typed by importing votewire/react.
import { VotePoll } from 'votewire/react';

export function App() {
  return (
    <>
      <vote-poll
        poll-id="p_123"
        api-base="https://polls.example.com"
        theme="auto"
        strings={{ vote: 'Send' }}
        onvote-cast={(e) => console.log(e.detail.receipt)}
      />
      {/* @ts-expect-error theme is light, dark or auto */}
      <vote-poll poll-id="p_123" theme="blue" />
      <VotePoll
        pollId="p_123"
        apiBase="https://polls.example.com"
        noLive
        onVoteCast={(e) => console.log(e.detail.receipt)}
        onVoteResults={(e) => console.log(e.detail.results.totalBallots)}
      />
      {/* @ts-expect-error the wrapper's event is typed */}
      <VotePoll pollId="p_123" onVoteError={(e) => e.detail.notAField} />
    </>
  );
}
