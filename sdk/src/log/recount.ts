/**
 * Anyone's recount of a poll from its log: the latest entry per commitment is that voter's ballot;
 * a ranked ballot counts for its first preference, and its rounds are the server's own
 * instant-runoff rules (one implementation, in the wire package). Also names every entry that breaks
 * the log's own rules (gaps, order, a change that does not follow its ballot's previous entry).
 */
import type { LogEntry, PollType, RunoffRound } from '@votewire/wire';
import { instantRunoff } from '@votewire/wire/runoff';

export interface Recount {
  ballots: number;
  /** Votes per option id, in the poll's option order. */
  votes: Map<number, number>;
  rounds?: RunoffRound[];
}

/** What is wrong with the sequence of entries itself, in log order; empty when nothing. */
export function entryProblems(entries: readonly LogEntry[], optionIds: readonly number[]): string[] {
  const problems: string[] = [];
  const last = new Map<string, number>();
  const known = new Set(optionIds);
  entries.forEach((e, i) => {
    if (e.seq !== i) {
      problems.push(
        e.seq > i ? `entry ${i} missing (the log jumps from ${i - 1} to ${e.seq})` : `entry ${e.seq} is out of order at position ${i}`,
      );
      return;
    }
    const before = last.get(e.commitment);
    if (before === undefined && e.supersedes !== undefined)
      problems.push(`entry ${i} supersedes entry ${e.supersedes}, but is the first entry of its commitment`);
    else if (before !== undefined && e.supersedes !== before)
      problems.push(`entry ${i} changes the ballot of entry ${before} but names ${e.supersedes ?? 'no entry'} as superseded`);
    const unknown = e.optionIds.filter((id) => !known.has(id));
    if (unknown.length > 0) problems.push(`entry ${i} names option ${unknown.join(', ')}, which the poll does not have`);
    last.set(e.commitment, i);
  });
  return problems;
}

export function recount(entries: readonly LogEntry[], type: PollType, optionIds: readonly number[]): Recount {
  const ballots = new Map<string, number[]>();
  for (const e of entries) ballots.set(e.commitment, e.optionIds);
  const votes = new Map(optionIds.map((id) => [id, 0]));
  for (const choice of ballots.values()) {
    for (const id of type === 'ranked' ? choice.slice(0, 1) : choice) if (votes.has(id)) votes.set(id, votes.get(id)! + 1);
  }
  const result: Recount = { ballots: ballots.size, votes };
  if (type === 'ranked') {
    const perRanking = new Map<string, { ranking: number[]; ballots: number }>();
    for (const ranking of ballots.values()) {
      const key = ranking.join(',');
      const held = perRanking.get(key);
      if (held) held.ballots++;
      else perRanking.set(key, { ranking, ballots: 1 });
    }
    result.rounds = instantRunoff([...optionIds], [...perRanking.values()]);
  }
  return result;
}
