import { expect } from '@open-wc/testing';
import type { LogEntry } from '@votewire/wire';
import { bytesToHex } from '@noble/hashes/utils.js';
import { commitmentOf, entryBytes, leafHash, rootFromLeafHashes, verifyConsistency, verifyInclusion } from './merkle.js';

// An independent RFC 9162 reference, written from §2.1.1, §2.1.3.1 and §2.1.4.1 with WebCrypto's SHA-256.
const sha = async (...parts: Uint8Array[]) => {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) all.set(p, (at += p.length) - p.length);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
};
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
/** The largest power of two smaller than n (n > 1). */
const split = (n: number) => 2 ** Math.floor(Math.log2(n - 1));
async function mth(d: Uint8Array[]): Promise<Uint8Array> {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Uint8Array.of(0), d[0]!);
  const k = split(d.length);
  return sha(Uint8Array.of(1), await mth(d.slice(0, k)), await mth(d.slice(k)));
}
async function path(m: number, d: Uint8Array[]): Promise<Uint8Array[]> {
  if (d.length === 1) return [];
  const k = split(d.length);
  return m < k
    ? [...(await path(m, d.slice(0, k))), await mth(d.slice(k))]
    : [...(await path(m - k, d.slice(k))), await mth(d.slice(0, k))];
}
async function subproof(m: number, d: Uint8Array[], b: boolean): Promise<Uint8Array[]> {
  const n = d.length;
  if (m === n) return b ? [] : [await mth(d)];
  const k = split(n);
  return m <= k
    ? [...(await subproof(m, d.slice(0, k), b)), await mth(d.slice(k))]
    : [...(await subproof(m - k, d.slice(k), false)), await mth(d.slice(0, k))];
}

const entry = (seq: number): LogEntry => ({
  seq,
  commitment: seq.toString(16).padStart(64, '0'),
  optionIds: seq % 3 === 0 ? [2, 1] : [1],
  ...(seq % 4 === 3 ? { supersedes: seq - 1 } : {}),
  at: new Date(Date.UTC(2026, 11, 2, 6, 47, 0, seq)).toISOString(),
});
const entries = Array.from({ length: 21 }, (_, i) => entry(i));
const data = entries.map(entryBytes);
const flip = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);

describe('ballot log Merkle tree (RFC 9162)', () => {
  it('serialises an entry canonically: contract key order, supersedes only on a change', () => {
    const text = (e: LogEntry) => new TextDecoder().decode(entryBytes(e));
    const at = '2026-12-02T06:47:00.123Z';
    const c = 'ab'.repeat(32);
    expect(text({ at, optionIds: [3, 1], commitment: c, seq: 0 } as LogEntry)).to.equal(
      `{"seq":0,"commitment":"${c}","optionIds":[3,1],"at":"${at}"}`,
    );
    expect(text({ supersedes: 5, at, optionIds: [2], seq: 9, commitment: c })).to.equal(
      `{"seq":9,"commitment":"${c}","optionIds":[2],"supersedes":5,"at":"${at}"}`,
    );
  });

  it('hashes a receipt into its commitment (hex SHA-256 of the UTF-8 bytes)', async () => {
    expect(commitmentOf('r_é1')).to.equal(hex(await sha(new TextEncoder().encode('r_é1'))));
  });

  it('gives the numbers of the worked example in docs/verifiability.md', () => {
    const commitment = commitmentOf('r_3f1c9a27d04b8e61a5c2f09d7e4b3a');
    expect(commitment).to.equal('5aaeea7baec27c572cbe2ef0d709e67665591f2f0531564c3c7608e2e8554ac5');
    const first: LogEntry = { seq: 0, commitment, optionIds: [2], at: '2026-12-02T06:47:00.123Z' };
    const change: LogEntry = { seq: 1, commitment, optionIds: [3], supersedes: 0, at: '2026-12-02T06:48:10.456Z' };
    expect(entryBytes(first).length).to.equal(137);
    expect(bytesToHex(leafHash(first))).to.equal('99ceb5d0d737803e08486ddf9d877127e373fa4917cf33246f473205cc31ffc8');
    expect(bytesToHex(leafHash(change))).to.equal('6393ceef855eec489fe66aefcf3d66c5bfffead19baf0f19b7104f2116bf55f4');
    expect(bytesToHex(rootFromLeafHashes([leafHash(first), leafHash(change)]))).to.equal(
      'fbad11a277a2aaf03dca42e830a6bc333a3d35985c467fa352e94f46084252e8',
    );
    expect(bytesToHex(rootFromLeafHashes([]))).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('builds the same root as the reference for every tree size from 0 to 21', async () => {
    for (let n = 0; n <= 21; n++) {
      expect(bytesToHex(rootFromLeafHashes(entries.slice(0, n).map(leafHash))), `n=${n}`).to.equal(hex(await mth(data.slice(0, n))));
    }
  });

  it("accepts the reference's inclusion path of every leaf, and nothing altered", async () => {
    for (let n = 1; n <= 21; n++) {
      const root = hex(await mth(data.slice(0, n)));
      for (let m = 0; m < n; m++) {
        const proof = (await path(m, data.slice(0, n))).map(hex);
        const leaf = leafHash(entries[m]!);
        expect(verifyInclusion(leaf, m, n, proof, root), `m=${m} n=${n}`).to.equal(true);
        expect(verifyInclusion(leafHash({ ...entries[m]!, optionIds: [9] }), m, n, proof, root)).to.equal(false);
        if (n > 1) expect(verifyInclusion(leaf, (m + 1) % n, n, proof, root)).to.equal(false);
        expect(verifyInclusion(leaf, m, n, proof, flip(root))).to.equal(false);
        if (proof.length > 0) {
          expect(verifyInclusion(leaf, m, n, [...proof.slice(0, -1), flip(proof.at(-1)!)], root)).to.equal(false);
          expect(verifyInclusion(leaf, m, n, proof.slice(0, -1), root)).to.equal(false);
        }
        expect(verifyInclusion(leaf, m, n, [...proof, root], root)).to.equal(false);
      }
    }
  });

  it("accepts the reference's consistency proof between every pair of sizes, and nothing altered", async () => {
    for (let n = 1; n <= 21; n++) {
      const second = hex(await mth(data.slice(0, n)));
      for (let m = 1; m <= n; m++) {
        const first = hex(await mth(data.slice(0, m)));
        const proof = (await subproof(m, data.slice(0, n), true)).map(hex);
        expect(verifyConsistency(m, n, proof, first, second), `m=${m} n=${n}`).to.equal(true);
        expect(verifyConsistency(m, n, proof, flip(first), second)).to.equal(false);
        expect(verifyConsistency(m, n, proof, first, flip(second))).to.equal(false);
        if (proof.length > 0) {
          expect(verifyConsistency(m, n, [flip(proof[0]!), ...proof.slice(1)], first, second)).to.equal(false);
          expect(verifyConsistency(m, n, proof.slice(1), first, second), `short m=${m} n=${n}`).to.equal(false);
        }
        if (m < n) {
          // The log rewritten below `m`: the first tree's root no longer matches.
          const rewritten = hex(await mth([data[1]!, data[0]!, ...data.slice(2, m)]));
          if (m > 1) expect(verifyConsistency(m, n, proof, rewritten, second)).to.equal(false);
        }
      }
    }
  });
});
