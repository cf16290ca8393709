import type { Static } from '@sinclair/typebox';
import type { RunoffRound as RunoffRoundSchema } from './schema/results';

type RunoffRound = Static<typeof RunoffRoundSchema>;

/**
 * Instant-runoff counting, shared by the server's results and the `votewire verify` recount. Each round counts every ballot for its highest-ranked continuing option.
 * An option with more than half of the continuing ballots wins. Otherwise the option with the
 * fewest votes is eliminated; a tie for fewest is broken by the earlier rounds' counts (most recent
 * first), and options still tied are eliminated together. When every continuing option has the
 * same count, they share the win.
 */
export function instantRunoff(optionIds: number[], ballots: number[][]): RunoffRound[] {
  const rounds: RunoffRound[] = [];
  if (ballots.length === 0 || optionIds.length === 0) return rounds;
  const continuing = new Set(optionIds);
  const history: Map<number, number>[] = [];

  for (let round = 1; continuing.size > 0; round++) {
    const counts = new Map<number, number>([...continuing].map((id) => [id, 0]));
    let exhausted = 0;
    for (const ballot of ballots) {
      const top = ballot.find((id) => continuing.has(id));
      if (top === undefined) exhausted++;
      else counts.set(top, counts.get(top)! + 1);
    }
    history.push(counts);
    const entry: RunoffRound = {
      round,
      counts: [...counts].map(([id, votes]) => ({ id, votes })),
      exhausted,
      eliminated: [],
      winnerIds: [],
    };
    rounds.push(entry);

    const active = ballots.length - exhausted;
    const values = [...counts.values()];
    const top = Math.max(...values);
    const leaders = [...counts].filter(([, v]) => v === top).map(([id]) => id);
    if ((active > 0 && top * 2 > active) || continuing.size === 1) {
      entry.winnerIds = leaders;
      break;
    }
    if (values.every((v) => v === top)) {
      entry.winnerIds = leaders; // everyone left is tied: a shared win
      break;
    }

    let losers = [...counts].filter(([, v]) => v === Math.min(...values)).map(([id]) => id);
    for (let back = history.length - 2; back >= 0 && losers.length > 1; back--) {
      const earlier = history[back]!;
      const least = Math.min(...losers.map((id) => earlier.get(id) ?? 0));
      losers = losers.filter((id) => (earlier.get(id) ?? 0) === least);
    }
    entry.eliminated = losers;
    losers.forEach((id) => continuing.delete(id));
  }
  return rounds;
}
