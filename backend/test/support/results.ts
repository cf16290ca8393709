import type { PollResults } from '@votewire/wire';

/** Results of a one-option poll at `version`, with as many ballots: for tests that order versions. */
export const resultsAt = (version: number, pollId = 'p1'): PollResults => ({
  pollId,
  version,
  totalBallots: version,
  options: [{ id: 1, votes: version, percent: 100 }],
  committedAt: 0,
});
