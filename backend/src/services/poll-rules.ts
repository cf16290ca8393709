import type { PollPhase, ResultsVisibility } from '@votewire/wire';
import type { Poll } from '../models/Poll';
import { conflict, unprocessable } from '../errors';

/** The phase a voter sees now: the stored status combined with the schedule. */
export function phaseOf(poll: Pick<Poll, 'status' | 'opensAt' | 'closesAt'>, now: number): PollPhase {
  if (poll.status === 'draft') return 'draft';
  if (poll.status === 'closed') return 'closed';
  if (poll.closesAt !== null && now >= Number(poll.closesAt)) return 'closed';
  if (poll.opensAt !== null && now < Number(poll.opensAt)) return 'scheduled';
  return 'open';
}

export function resultsVisible(visibility: ResultsVisibility, phase: PollPhase, hasVoted: boolean): boolean {
  switch (visibility) {
    case 'always':
      return true;
    case 'after_vote':
      return hasVoted || phase === 'closed';
    case 'after_close':
      return phase === 'closed';
    case 'hidden':
      return false;
  }
}

export function assertVotable(phase: PollPhase): void {
  if (phase === 'closed') throw conflict('poll_closed', 'This poll is closed and no longer takes votes');
  if (phase !== 'open') throw conflict('poll_not_open', 'This poll is not open for voting yet');
}

/**
 * Checks a ballot's option ids against the poll: known options of this poll, no repeats, and a
 * count within the poll's limits. Returns the ids the tallies count: every choice for single and
 * multiple polls, the first preference for ranked ones.
 */
export function checkChoices(
  poll: Pick<Poll, 'type' | 'minChoices' | 'maxChoices'>,
  optionIds: number[],
  validIds: ReadonlySet<number>,
): number[] {
  const unknown = optionIds.filter((id) => !validIds.has(id));
  if (unknown.length > 0) {
    throw unprocessable('invalid_choice', 'One or more options are not part of this poll', { optionIds: unknown });
  }
  if (new Set(optionIds).size !== optionIds.length) {
    throw unprocessable('invalid_choice', 'An option may be chosen only once');
  }
  const min = poll.type === 'single' ? 1 : poll.minChoices;
  const max = poll.type === 'single' ? 1 : poll.maxChoices;
  if (optionIds.length < min || optionIds.length > max) {
    const range = min === max ? `exactly ${min}` : `${min} to ${max}`;
    throw unprocessable('invalid_choice', `Choose ${range} option${max === 1 ? '' : 's'}`, { min, max });
  }
  return countedChoices(poll.type, optionIds);
}

/** The options a ballot adds to the tallies: all it chose, or the first preference of a ranking. */
export function countedChoices(type: Poll['type'], optionIds: number[]): number[] {
  return type === 'ranked' ? optionIds.slice(0, 1) : optionIds;
}
