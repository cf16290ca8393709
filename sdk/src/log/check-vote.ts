/**
 * The voter's check: is my ballot, with the choice I made, in this poll's signed log? Fetches the
 * keys, the signed head, the inclusion proof of the receipt's commitment and, when this browser saw
 * an earlier head, the consistency proof between the two; verifies all of it here. UI-free.
 */
import { toVotewireError } from '../client/errors.js';
import { load, save } from '../client/storage.js';
import { LogApi } from './log-api.js';
import { commitmentOf, leafHash, verifyConsistency, verifyInclusion } from './merkle.js';
import { treeHeadProblem } from './tree-head.js';

export type VoteCheckFailure =
  /** The poll's results, and so its log, are not public yet. */
  | 'hidden'
  /** The head's signature does not verify under the published keys. */
  | 'signature'
  /** The inclusion proof does not lead to the signed root. */
  | 'inclusion'
  /** The signed log does not extend the head this browser verified before. */
  | 'consistency'
  /** The log holds the ballot with other choices than the voter made. */
  | 'choice'
  /** The signed log has no entry with this receipt's commitment. */
  | 'missing'
  /** The server could not be asked (network, 5xx…): nothing was proven either way. */
  | 'unavailable';

export type VoteCheck =
  | {
      ok: true;
      leafIndex: number;
      treeSize: number;
      keyId: string;
      optionIds: number[];
      /** The size of the earlier head this one was proven to extend, if this browser had seen one. */
      extends?: number;
    }
  | {
      ok: false;
      failure: VoteCheckFailure;
      detail: string;
      /** On a `choice` failure: the choices the log records. */
      optionIds?: number[];
    };

/** The last head this browser verified for a poll. */
interface SeenHead {
  treeSize: number;
  rootHash: string;
}
const seenKey = (apiBase: string, pollId: string) => `votewire:log-head:${apiBase}:${pollId}`;

const sameChoices = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** `voterToken` lets a voter see the log of a poll that shows its results only to its voters. */
export async function checkVote(
  apiBase: string,
  pollId: string,
  receipt: string,
  optionIds: readonly number[],
  voterToken?: string | null,
): Promise<VoteCheck> {
  // A head read from a replica a moment behind may not hold a ballot just cast: ask again briefly.
  for (let attempt = 1; ; attempt++) {
    const result = await checkOnce(apiBase, pollId, receipt, optionIds, voterToken);
    if (result.ok || result.failure !== 'missing' || attempt === 3) return result;
    await new Promise((r) => setTimeout(r, 500 * attempt));
  }
}

async function checkOnce(
  apiBase: string,
  pollId: string,
  receipt: string,
  optionIds: readonly number[],
  voterToken?: string | null,
): Promise<VoteCheck> {
  const api = new LogApi(apiBase, voterToken);
  const fail = (failure: VoteCheckFailure, detail: string): VoteCheck => ({ ok: false, failure, detail });
  try {
    const [keys, head] = await Promise.all([api.keys(), api.head(pollId)]);
    const bad = treeHeadProblem(pollId, head, keys);
    if (bad) return fail('signature', bad);

    const commitment = commitmentOf(receipt);
    if (head.treeSize === 0) return fail('missing', `no entry with commitment ${commitment}: the signed log is empty`);

    const seen = load<SeenHead>(seenKey(apiBase, pollId));
    if (seen) {
      // The smaller tree must be a prefix of the larger, whichever came first (a replica may lag).
      const [small, large] = seen.treeSize <= head.treeSize ? [seen, head] : [head, seen];
      // A server that lost entries has no tree of the size seen before: it cannot give the proof.
      const proof = await api.consistency(pollId, small.treeSize, large.treeSize).catch((e: unknown) => {
        if (toVotewireError(e).code === 'log_tree_size_invalid') return null;
        throw e;
      });
      if (!proof || !verifyConsistency(small.treeSize, large.treeSize, proof.consistencyPath, small.rootHash, large.rootHash))
        return fail('consistency', `the log of ${head.treeSize} entries does not extend the one of ${seen.treeSize} seen before`);
    }

    const proof = await api.inclusion(pollId, commitment, head.treeSize).catch((e: unknown) => {
      const err = toVotewireError(e);
      if (err.code === 'log_entry_not_found') return null;
      throw err;
    });
    if (!proof) return fail('missing', `no entry with commitment ${commitment} among ${head.treeSize}`);
    const { entry, leafIndex } = proof;
    if (
      entry.commitment !== commitment ||
      entry.seq !== leafIndex ||
      proof.treeSize !== head.treeSize ||
      !verifyInclusion(leafHash(entry), leafIndex, head.treeSize, proof.inclusionPath, head.rootHash)
    )
      return fail('inclusion', `entry ${leafIndex}'s proof does not lead to the signed root ${head.rootHash}`);
    if (!sameChoices(entry.optionIds, optionIds))
      return {
        ...fail('choice', `entry ${leafIndex} records options ${entry.optionIds.join(',')}, the ballot chose ${optionIds.join(',')}`),
        optionIds: entry.optionIds,
      };

    if (!seen || head.treeSize >= seen.treeSize) save(seenKey(apiBase, pollId), { treeSize: head.treeSize, rootHash: head.rootHash });
    return { ok: true, leafIndex, treeSize: head.treeSize, keyId: head.keyId, optionIds: entry.optionIds, extends: seen?.treeSize };
  } catch (e) {
    const err = toVotewireError(e);
    if (err.code === 'results_hidden') return fail('hidden', err.message);
    return fail('unavailable', `${err.code}: ${err.message}`);
  }
}
