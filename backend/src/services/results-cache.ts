import type { PollResults } from '@votewire/wire';

/**
 * The newest results this instance knows per poll. The live channel feeds it from every commit in
 * the cluster (own and peers'), so hot polls are read from memory; an entry older than `maxAgeMs`
 * (a lost message, a quiet poll) is not trusted and the caller reads the database instead.
 */
export class ResultsCache {
  private readonly entries = new Map<string, { results: PollResults; at: number }>();

  constructor(private readonly maxAgeMs = 1000) {}

  /** Keeps the higher version (an equal one refreshes the entry's age). */
  offer(results: PollResults, now = Date.now()): void {
    const current = this.entries.get(results.pollId);
    if (current && current.results.version > results.version) return;
    this.entries.set(results.pollId, { results, at: now });
  }

  latest(pollId: string): PollResults | undefined {
    return this.entries.get(pollId)?.results;
  }

  fresh(pollId: string, now = Date.now()): PollResults | undefined {
    const entry = this.entries.get(pollId);
    return entry && now - entry.at <= this.maxAgeMs ? entry.results : undefined;
  }

  forget(pollId: string): void {
    this.entries.delete(pollId);
  }
}
