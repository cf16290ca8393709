import type { Static } from '@sinclair/typebox';
import type { RunoffRound as RunoffRoundSchema } from './schema/results';

type RunoffRound = Static<typeof RunoffRoundSchema>;

/** Ballots that hold one ranking (option ids, first preference first). */
export interface RankingCount {
  ranking: readonly number[];
  ballots: number;
}

/**
 * Shared by the server's results (on its worker thread) and the `votewire verify` recount.
 *
 * Instant-runoff counting from ballots per distinct ranking. Each round counts every ballot for its
 * highest-ranked continuing option. An option with more than half of the continuing ballots wins.
 * Otherwise the option with the fewest votes is eliminated; a tie for fewest is broken by the
 * earlier rounds' counts (most recent first), and options still tied are eliminated together. When
 * every continuing option has the same count, they share the win.
 *
 * Each ranking keeps a cursor on its current choice and moves on only when that option is
 * eliminated, so the whole count costs one pass over the rankings, not one per round.
 */
export function instantRunoff(optionIds: readonly number[], rankings: readonly RankingCount[]): RunoffRound[] {
  const rounds: RunoffRound[] = [];
  const total = rankings.reduce((n, r) => n + r.ballots, 0);
  if (total === 0 || optionIds.length === 0) return rounds;
  const continuing = new Set(optionIds);
  const counts = new Map<number, number>(optionIds.map((id) => [id, 0]));
  // The rankings currently counted for each option, and where each ranking's cursor stands.
  const holders = new Map<number, number[]>(optionIds.map((id) => [id, []]));
  const cursor = new Array<number>(rankings.length).fill(0);
  let exhausted = 0;
  const place = (i: number) => {
    const { ranking, ballots } = rankings[i]!;
    let at = cursor[i]!;
    while (at < ranking.length && !continuing.has(ranking[at]!)) at++;
    cursor[i] = at;
    if (at === ranking.length) exhausted += ballots;
    else {
      counts.set(ranking[at]!, counts.get(ranking[at]!)! + ballots);
      holders.get(ranking[at]!)!.push(i);
    }
  };
  rankings.forEach((_, i) => place(i));
  const history: Map<number, number>[] = [];

  for (let round = 1; continuing.size > 0; round++) {
    const now = new Map([...continuing].map((id) => [id, counts.get(id)!]));
    history.push(now);
    const entry: RunoffRound = {
      round,
      counts: [...now].map(([id, votes]) => ({ id, votes })),
      exhausted,
      eliminated: [],
      winnerIds: [],
    };
    rounds.push(entry);

    const active = total - exhausted;
    const values = [...now.values()];
    const top = Math.max(...values);
    const leaders = [...now].filter(([, v]) => v === top).map(([id]) => id);
    if ((active > 0 && top * 2 > active) || continuing.size === 1) {
      entry.winnerIds = leaders;
      break;
    }
    if (values.every((v) => v === top)) {
      entry.winnerIds = leaders; // everyone left is tied: a shared win
      break;
    }

    const least = Math.min(...values);
    let losers = [...now].filter(([, v]) => v === least).map(([id]) => id);
    for (let back = history.length - 2; back >= 0 && losers.length > 1; back--) {
      const earlier = history[back]!;
      const fewest = Math.min(...losers.map((id) => earlier.get(id) ?? 0));
      losers = losers.filter((id) => (earlier.get(id) ?? 0) === fewest);
    }
    entry.eliminated = losers;
    losers.forEach((id) => continuing.delete(id));
    for (const id of losers) {
      for (const i of holders.get(id)!) place(i);
      holders.delete(id);
    }
  }
  return rounds;
}
