import { createHash } from 'node:crypto';

// RFC 9162 §2.1 over leaf hashes: the tree hash (MTH), inclusion paths (PATH) and consistency
// proofs (PROOF). Leaves are appended and never change, so the hash of every complete, aligned
// subtree is kept once computed: a head, a path or a proof of any size costs O(log² n) hashes
// instead of rehashing the whole log.

const EMPTY = createHash('sha256').digest();

/** SHA-256(0x01 ‖ left ‖ right). */
export const hashChildren = (left: Buffer, right: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();

/** The largest power of two smaller than n (n > 1). */
const splitPoint = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));

export class MerkleTree {
  /** levels[h][i]: the hash of the complete subtree of 2^h leaves starting at leaf i·2^h. */
  private readonly levels: Buffer[][] = [[]];

  get size(): number {
    return this.levels[0]!.length;
  }

  /** Appends leaf hashes (32 bytes each) in order, completing the subtrees they close. */
  append(leafHashes: readonly Buffer[]): void {
    for (const leaf of leafHashes) {
      this.levels[0]!.push(leaf);
      for (let h = 0, i = this.levels[0]!.length - 1; i % 2 === 1; h++, i = (i - 1) / 2) {
        const level = this.levels[h]!;
        const up = (this.levels[h + 1] ??= []);
        up.push(hashChildren(level[i - 1]!, level[i]!));
      }
    }
  }

  /** MTH of the first n leaves. */
  root(n = this.size): Buffer {
    this.check(n);
    return n === 0 ? EMPTY : this.subtree(0, n);
  }

  /** PATH(m, D[n]): the sibling hashes from leaf m up to the root of the first n leaves. */
  inclusionPath(m: number, n: number): Buffer[] {
    this.check(n);
    if (!(m >= 0 && m < n)) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
    const path: Buffer[] = [];
    let start = 0;
    while (n > 1) {
      const k = splitPoint(n);
      if (m < k) {
        path.push(this.subtree(start + k, start + n));
        n = k;
      } else {
        path.push(this.subtree(start, start + k));
        start += k;
        m -= k;
        n -= k;
      }
    }
    return path.reverse();
  }

  /** PROOF(m, D[n]): that the tree of the first m leaves is a prefix of the tree of n. */
  consistencyProof(m: number, n: number): Buffer[] {
    this.check(n);
    if (!(m > 0 && m <= n)) throw new RangeError(`no consistency proof from ${m} to ${n}`);
    const proof: Buffer[] = [];
    let start = 0;
    let complete = true; // SUBPROOF's b: whether the subtree of m leaves is the original tree
    while (m !== n) {
      const k = splitPoint(n);
      if (m <= k) {
        proof.push(this.subtree(start + k, start + n));
        n = k;
      } else {
        proof.push(this.subtree(start, start + k));
        start += k;
        m -= k;
        n -= k;
        complete = false;
      }
    }
    if (!complete) proof.push(this.subtree(start, start + m));
    return proof.reverse();
  }

  /** MTH(D[start:end]) for a range the RFC's recursion reaches (start aligned to its size). */
  private subtree(start: number, end: number): Buffer {
    const n = end - start;
    if ((n & (n - 1)) === 0) {
      const h = Math.log2(n);
      return this.levels[h]![start / n]!;
    }
    const k = splitPoint(n);
    return hashChildren(this.subtree(start, start + k), this.subtree(start + k, end));
  }

  private check(n: number): void {
    if (!(Number.isInteger(n) && n >= 0 && n <= this.size)) throw new RangeError(`tree size ${n} is beyond ${this.size} leaves`);
  }
}
