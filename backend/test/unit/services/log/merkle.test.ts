import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { MerkleTree } from '../../../../src/services/log/merkle';

// Expected values written out by hand from RFC 9162 §2.1: leaf = SHA-256(0x00 ‖ d),
// node = SHA-256(0x01 ‖ left ‖ right), split at the largest power of two below n.
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (d: Buffer) => sha(Buffer.from([0]), d);
const N = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);
const hex = (b: Buffer) => b.toString('hex');

// The data of the RFC 6962 / RFC 9162 reference tests (certificate-transparency's test vectors).
const DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) =>
  Buffer.from(h, 'hex'),
);
const L = DATA.map(leaf);
const [a, b, c, d, e, f, g, h] = L as [Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer, Buffer];

// Each root by hand: every size from 0 to 8.
const ROOTS: Buffer[] = [
  sha(),
  a,
  N(a, b),
  N(N(a, b), c),
  N(N(a, b), N(c, d)),
  N(N(N(a, b), N(c, d)), e),
  N(N(N(a, b), N(c, d)), N(e, f)),
  N(N(N(a, b), N(c, d)), N(N(e, f), g)),
  N(N(N(a, b), N(c, d)), N(N(e, f), N(g, h))),
];

// The roots certificate-transparency publishes for the same data, sizes 1 to 8.
const PUBLISHED = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

const treeOf = (n: number) => {
  const t = new MerkleTree();
  t.append(L.slice(0, n));
  return t;
};

describe('MerkleTree (RFC 9162 §2.1)', () => {
  it('computes the tree hash of every size from 0 to 8, as worked out by hand and as published', () => {
    assert.equal(hex(ROOTS[0]!), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    for (let n = 1; n <= 8; n++) assert.equal(hex(ROOTS[n]!), PUBLISHED[n - 1], `hand-derived root of ${n}`);
    const grown = new MerkleTree();
    for (let n = 0; n <= 8; n++) {
      assert.equal(hex(treeOf(n).root()), hex(ROOTS[n]!), `root of a tree of ${n}`);
      assert.equal(hex(treeOf(8).root(n)), hex(ROOTS[n]!), `root of the first ${n} of 8`);
      assert.equal(hex(grown.root()), hex(ROOTS[n]!), `root after growing one leaf at a time to ${n}`);
      if (n < 8) grown.append([L[n]!]);
    }
  });

  it('gives the inclusion paths of every leaf in trees of 1 to 8, as worked out by hand', () => {
    const ab = N(a, b),
      cd = N(c, d),
      ef = N(e, f),
      gh = N(g, h);
    const abcd = N(ab, cd);
    const paths: Record<number, Buffer[][]> = {
      1: [[]],
      2: [[b], [a]],
      3: [[b, c], [a, c], [ab]],
      4: [
        [b, cd],
        [a, cd],
        [d, ab],
        [c, ab],
      ],
      5: [[b, cd, e], [a, cd, e], [d, ab, e], [c, ab, e], [abcd]],
      6: [
        [b, cd, ef],
        [a, cd, ef],
        [d, ab, ef],
        [c, ab, ef],
        [f, abcd],
        [e, abcd],
      ],
      7: [
        [b, cd, N(ef, g)],
        [a, cd, N(ef, g)],
        [d, ab, N(ef, g)],
        [c, ab, N(ef, g)],
        [f, g, abcd],
        [e, g, abcd],
        [ef, abcd],
      ],
      8: [
        [b, cd, N(ef, gh)],
        [a, cd, N(ef, gh)],
        [d, ab, N(ef, gh)],
        [c, ab, N(ef, gh)],
        [f, gh, abcd],
        [e, gh, abcd],
        [h, ef, abcd],
        [g, ef, abcd],
      ],
    };
    const tree = treeOf(8);
    for (let n = 1; n <= 8; n++) {
      for (let m = 0; m < n; m++) assert.deepEqual(tree.inclusionPath(m, n).map(hex), paths[n]![m]!.map(hex), `PATH(${m}, D[${n}])`);
    }
    assert.throws(() => tree.inclusionPath(3, 3), RangeError);
    assert.throws(() => tree.inclusionPath(0, 9), RangeError);
  });

  it('gives the consistency proofs of RFC 9162 §2.1.5 and of every pair up to 8, as worked out by hand', () => {
    const ab = N(a, b),
      cd = N(c, d),
      ef = N(e, f),
      gh = N(g, h);
    const tree = treeOf(8);
    // The RFC's own example, 7 leaves: its leaves a–f are ours and its j is our g; its g = N(a, b),
    // i = N(e, f), k = N(g, h) and l = N(i, j). PROOF(3) = [c, d, g, l], PROOF(4) = [l], PROOF(6) = [i, j, k].
    assert.deepEqual(tree.consistencyProof(3, 7).map(hex), [c, d, ab, N(N(e, f), g)].map(hex));
    assert.deepEqual(tree.consistencyProof(4, 7).map(hex), [N(N(e, f), g)].map(hex));
    assert.deepEqual(tree.consistencyProof(6, 7).map(hex), [ef, g, N(ab, cd)].map(hex));
    const proofs: Record<string, Buffer[]> = {
      '1,1': [],
      '1,2': [b],
      '1,3': [b, c],
      '2,3': [c],
      '1,4': [b, cd],
      '2,4': [cd],
      '3,4': [c, d, ab],
      '4,8': [N(ef, gh)],
      '5,8': [e, f, gh, N(ab, cd)],
      '6,8': [ef, gh, N(ab, cd)],
      '7,8': [g, h, ef, N(ab, cd)],
      '2,8': [N(c, d), N(ef, gh)],
      '3,8': [c, d, ab, N(ef, gh)],
      '8,8': [],
    };
    for (const [pair, proof] of Object.entries(proofs)) {
      const [m, n] = pair.split(',').map(Number) as [number, number];
      assert.deepEqual(tree.consistencyProof(m, n).map(hex), proof.map(hex), `PROOF(${m}, D[${n}])`);
    }
    assert.throws(() => tree.consistencyProof(0, 3), RangeError);
    assert.throws(() => tree.consistencyProof(4, 3), RangeError);
  });
});
