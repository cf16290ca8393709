import type { AdminPoll, MyVote, PollResults, PublicPoll } from '@votewire/wire';
import type { Poll } from '../models/Poll';
import { phaseOf } from './poll-rules';

const iso = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());

function common(poll: Poll, now: number) {
  return {
    id: poll.id,
    question: poll.question,
    description: poll.description,
    type: poll.type,
    minChoices: poll.minChoices,
    maxChoices: poll.maxChoices,
    resultsVisibility: poll.resultsVisibility,
    allowVoteChange: Boolean(poll.allowVoteChange),
    status: poll.status,
    phase: phaseOf(poll, now),
    opensAt: iso(poll.opensAt),
    closesAt: iso(poll.closesAt),
    options: (poll.options ?? []).map((o) => ({ id: o.id, label: o.label, position: o.position, imageUrl: o.imageUrl })),
    serverTime: new Date(now).toISOString(),
  };
}

export function publicPollView(poll: Poll, results: PollResults | null, myVote: MyVote | null, now: number): PublicPoll {
  return { ...common(poll, now), results, myVote };
}

export function adminPollView(poll: Poll, now: number): AdminPoll {
  return {
    ...common(poll, now),
    siteId: poll.siteId,
    ballotCount: Number(poll.ballotCount),
    createdAt: new Date(Number(poll.createdAt)).toISOString(),
    updatedAt: new Date(Number(poll.updatedAt)).toISOString(),
  };
}
