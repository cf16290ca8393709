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
    voterPolicy: poll.voterPolicy,
    maxBallotsPerIp: poll.maxBallotsPerIp,
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

/**
 * A hot poll is read thousands of times between two changes: the JSON of everything but the
 * clock is kept per poll snapshot (polls and results are replaced, never changed in place) and
 * reused while its results and phase stay the same. A voter's own view is serialised each time.
 */
const publicJson = new WeakMap<Poll, { results: PollResults | null; phase: string; rest: string }>();

export function publicPollJson(poll: Poll, results: PollResults | null, myVote: MyVote | null, now: number): string {
  if (myVote) return JSON.stringify(publicPollView(poll, results, myVote, now));
  const phase = phaseOf(poll, now);
  let kept = publicJson.get(poll);
  if (!kept || kept.results !== results || kept.phase !== phase) {
    // serverTime: undefined leaves the key out; it is written fresh below.
    kept = { results, phase, rest: JSON.stringify({ ...publicPollView(poll, results, null, now), serverTime: undefined }) };
    publicJson.set(poll, kept);
  }
  return `{"serverTime":"${new Date(now).toISOString()}",${kept.rest.slice(1)}`;
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
