/**
 * `votewire verify`'s checks of one poll, without the terminal: the signed head against the
 * published keys, the root rebuilt from every entry, consistency with each head seen before, the
 * log's own rules, and the recount of the prefix `/results` counts against its numbers.
 */
import type { PollResults, PublicPoll, SignedTreeHead } from '@votewire/wire';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { LogApi } from './log-api.js';
import { leafHash, rootFromLeafHashes, verifyConsistency } from './merkle.js';
import { entryProblems, recount } from './recount.js';
import { treeHeadProblem } from './tree-head.js';

export interface Audit {
  poll: PublicPoll;
  head: SignedTreeHead;
  entries: number;
  results: PollResults;
  /** What was checked and held, one line each. */
  checked: string[];
  /** Every mismatch, named; the audit passed when this is empty. */
  problems: string[];
  /** The head to remember for the next run: signed, and its root is the served entries'. */
  remember: boolean;
}

const fmt = (n: number) => n.toLocaleString('en');

/**
 * Results may come from a replica a moment behind the head, never ahead of it, and a ranked poll's
 * rounds are counted apart, up to a second behind its counts: ask again briefly.
 */
async function headCovering(api: LogApi, pollId: string): Promise<{ head: SignedTreeHead; results: PollResults }> {
  for (let attempt = 0; ; attempt++) {
    const results = await api.results(pollId);
    const head = await api.head(pollId);
    const roundsCurrent = results.rounds === undefined || results.roundsVersion === results.version;
    if (((results.treeSize ?? 0) <= head.treeSize && roundsCurrent) || attempt === 4) return { head, results };
    await new Promise((r) => setTimeout(r, 250 * (attempt + 1)));
  }
}

/**
 * The first entry served otherwise than the signed tree holds it: the smallest prefix whose rebuilt
 * root the server cannot prove consistent with the signed head ends there (a binary search, one
 * consistency proof per step).
 */
async function firstAltered(api: LogApi, pollId: string, head: SignedTreeHead, rootOf: (n: number) => string): Promise<number> {
  const holds = async (m: number) => {
    const proof = await api.consistency(pollId, m, head.treeSize);
    return verifyConsistency(m, head.treeSize, proof.consistencyPath, rootOf(m), head.rootHash);
  };
  // The prefix of `good` entries holds (0 trivially), the one of `bad` does not.
  let good = 0;
  let bad = head.treeSize;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (await holds(mid)) good = mid;
    else bad = mid;
  }
  return bad - 1;
}

export async function audit(api: LogApi, pollId: string, seen: readonly SignedTreeHead[]): Promise<Audit> {
  const checked: string[] = [];
  const problems: string[] = [];
  const [poll, keys] = await Promise.all([api.poll(pollId), api.keys()]);
  const { head, results } = await headCovering(api, pollId);

  const bad = treeHeadProblem(pollId, head, keys);
  if (bad) problems.push(bad);
  else checked.push(`the head of tree size ${fmt(head.treeSize)} is signed by key ${head.keyId}`);

  const entries = await api.entries(pollId, head.treeSize);
  const leaves = entries.map(leafHash);
  const rootOf = (n: number) => bytesToHex(rootFromLeafHashes(leaves.slice(0, n)));
  if (entries.length !== head.treeSize) problems.push(`the log serves ${fmt(entries.length)} entries, its head says ${fmt(head.treeSize)}`);
  else if (rootOf(head.treeSize) !== head.rootHash) {
    problems.push(`the root rebuilt from the ${fmt(entries.length)} entries is not the signed root`);
    const at = await firstAltered(api, pollId, head, rootOf).catch(() => undefined);
    if (at !== undefined) problems.push(`entry ${at} is not the entry the signed log holds at ${at}`);
  } else checked.push(`the root rebuilt from all ${fmt(entries.length)} entries is the signed root`);

  const optionIds = poll.options.map((o) => o.id);
  problems.push(...entryProblems(entries, optionIds));

  for (const earlier of seen) {
    const what = `consistency with the head of tree size ${fmt(earlier.treeSize)} seen before`;
    if (earlier.treeSize === 0) continue;
    const [small, large] = earlier.treeSize <= head.treeSize ? [earlier, head] : [head, earlier];
    if (small.treeSize === 0) continue;
    const proof = await api.consistency(pollId, small.treeSize, large.treeSize).catch((e: Error) => e);
    if (proof instanceof Error) problems.push(`${what} fails: the server gives no proof (${proof.message})`);
    else if (!verifyConsistency(small.treeSize, large.treeSize, proof.consistencyPath, small.rootHash, large.rootHash))
      problems.push(`${what} fails: the server's proof does not hold`);
    else if (earlier.treeSize <= entries.length && rootOf(earlier.treeSize) !== earlier.rootHash)
      problems.push(`${what} fails: the first ${fmt(earlier.treeSize)} entries served now have another root`);
    else checked.push(`${what} holds`);
  }

  const counted = results.treeSize;
  if (counted === undefined) problems.push('the results do not say how many log entries they count');
  else if (counted > entries.length) problems.push(`the results count ${fmt(counted)} entries, the signed log has ${fmt(entries.length)}`);
  else {
    const mine = recount(entries.slice(0, counted), poll.type, optionIds);
    const before = problems.length;
    if (mine.ballots !== results.totalBallots)
      problems.push(`recount of ballots: ${fmt(mine.ballots)}, results say ${fmt(results.totalBallots)}`);
    for (const [id, votes] of mine.votes) {
      const theirs = results.options.find((o) => o.id === id)?.votes ?? 0;
      if (votes !== theirs) problems.push(`recount of option ${id}: ${fmt(votes)}, results say ${fmt(theirs)}`);
    }
    // Rounds that count an earlier version than the counts (a poll voted on right now) cannot be
    // matched to a prefix of the log: they are left out, and the report says so.
    const roundsComparable = mine.rounds !== undefined && results.roundsVersion === results.version;
    if (roundsComparable && JSON.stringify(mine.rounds) !== JSON.stringify(results.rounds ?? []))
      problems.push(`recount of the instant-runoff rounds differs from the results' ${results.rounds?.length ?? 0} rounds`);
    if (mine.rounds && !roundsComparable)
      checked.push(`the rounds were not compared: they count version ${results.roundsVersion ?? 'none'}, the counts ${results.version}`);
    if (problems.length === before)
      checked.push(
        `the recount of the first ${fmt(counted)} entries (what /results counts) equals the results${roundsComparable ? ', rounds included' : ''}`,
      );
  }

  const remember = !bad && entries.length === head.treeSize && rootOf(head.treeSize) === head.rootHash;
  return { poll, head, entries: entries.length, results, checked, problems, remember };
}
