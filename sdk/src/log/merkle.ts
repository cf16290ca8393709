/**
 * RFC 9162 Merkle trees over a poll's ballot log: the leaf bytes of an entry, the tree hash, and the
 * verification of inclusion (§2.1.3.2) and consistency (§2.1.4.2) proofs. Synchronous and free of
 * WebCrypto, so it runs the same in a page on a plain-http origin and in Node.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { LogEntry } from '@votewire/wire';

const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

/** The canonical bytes of an entry: its JSON with the keys in the contract's order, `supersedes` only on a change. */
export function entryBytes(e: LogEntry): Uint8Array {
  const { seq, commitment, optionIds, supersedes, at } = e;
  const ordered = supersedes === undefined ? { seq, commitment, optionIds, at } : { seq, commitment, optionIds, supersedes, at };
  return utf8ToBytes(JSON.stringify(ordered));
}

export const leafHash = (e: LogEntry): Uint8Array => sha256(concatBytes(LEAF, entryBytes(e)));
export const nodeHash = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256(concatBytes(NODE, left, right));

/** The commitment a receipt stands for: hex SHA-256 of its UTF-8 bytes. */
export const commitmentOf = (receipt: string): string => bytesToHex(sha256(utf8ToBytes(receipt)));

/**
 * MTH (RFC 9162 §2.1.1) of leaf hashes, level by level: pairing left to right and carrying an odd
 * last node up unchanged builds the same tree as splitting at the largest power of two below n.
 */
export function rootFromLeafHashes(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  let level = [...leaves];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

export const rootOfEntries = (entries: readonly LogEntry[]): string => bytesToHex(rootFromLeafHashes(entries.map(leafHash)));

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
const odd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);

/** RFC 9162 §2.1.3.2: does `path` prove the leaf at `leafIndex` is in the tree of `treeSize` with `rootHex`? */
export function verifyInclusion(leaf: Uint8Array, leafIndex: number, treeSize: number, path: readonly string[], rootHex: string): boolean {
  if (!(leafIndex >= 0 && leafIndex < treeSize)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const hex of path) {
    const p = hexToBytes(hex);
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, hexToBytes(rootHex));
}

/** RFC 9162 §2.1.4.2: does `path` prove the tree of `first` leaves (`firstRoot`) is a prefix of the one of `second`? */
export function verifyConsistency(
  first: number,
  second: number,
  path: readonly string[],
  firstRootHex: string,
  secondRootHex: string,
): boolean {
  if (!(first > 0 && first <= second)) return false;
  const firstRoot = hexToBytes(firstRootHex);
  const secondRoot = hexToBytes(secondRootHex);
  if (first === second) return path.length === 0 && equal(firstRoot, secondRoot);
  if (path.length === 0) return false;
  const hashes: Uint8Array[] = path.map(hexToBytes);
  // A first tree that is a complete subtree is itself the proof's starting node.
  if ((first & (first - 1)) === 0) hashes.unshift(firstRoot);
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Uint8Array = hashes[0]!;
  let sr: Uint8Array = hashes[0]!;
  for (const c of hashes.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, firstRoot) && equal(sr, secondRoot);
}
