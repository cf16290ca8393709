import { expect } from '@open-wc/testing';
import type { LogKey, SignedTreeHead } from '@votewire/wire';
import { treeHeadMessage, treeHeadProblem } from './tree-head.js';

// The server signs with node:crypto; here the browser's own WebCrypto Ed25519 plays the server.
const b64 = (b: ArrayBuffer | Uint8Array) => btoa(String.fromCharCode(...new Uint8Array(b)));
const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');

async function signer() {
  const pair = (await crypto.subtle.generateKey('Ed25519', true, ['sign', 'verify'])) as CryptoKeyPair;
  const raw = await crypto.subtle.exportKey('raw', pair.publicKey);
  const keyId = hex(await crypto.subtle.digest('SHA-256', raw)).slice(0, 16);
  const key: LogKey = { keyId, algorithm: 'Ed25519', publicKey: b64(raw), createdAt: '2026-12-02T06:00:00.000Z' };
  const sign = async (pollId: string, treeSize: number, rootHash: string, timestamp: number): Promise<SignedTreeHead> => {
    const message = new TextEncoder().encode(['votewire-tree-head-v1', pollId, treeSize, rootHash, timestamp].join('\n'));
    return { treeSize, rootHash, timestamp, keyId, signature: b64(await crypto.subtle.sign('Ed25519', pair.privateKey, message)) };
  };
  return { key, sign };
}

describe('signed tree heads', () => {
  const root = 'c0'.repeat(32);

  it('signs the five lines of the contract, without a trailing newline', () => {
    expect(new TextDecoder().decode(treeHeadMessage('p_1', { treeSize: 12, rootHash: root, timestamp: 1764658020123 }))).to.equal(
      `votewire-tree-head-v1\np_1\n12\n${root}\n1764658020123`,
    );
  });

  it('accepts a head signed by a listed key, and names what is wrong with any other', async () => {
    const a = await signer();
    const b = await signer();
    const head = await a.sign('p_1', 40, root, 1764658020123);
    expect(treeHeadProblem('p_1', head, [b.key, a.key])).to.equal(null);

    expect(treeHeadProblem('p_2', head, [a.key])).to.match(/signature does not verify/);
    expect(treeHeadProblem('p_1', { ...head, treeSize: 41 }, [a.key])).to.match(/signature does not verify/);
    expect(treeHeadProblem('p_1', { ...head, rootHash: 'c1'.repeat(32) }, [a.key])).to.match(/signature does not verify/);
    expect(treeHeadProblem('p_1', { ...head, timestamp: head.timestamp + 1 }, [a.key])).to.match(/signature does not verify/);
    expect(treeHeadProblem('p_1', head, [b.key])).to.match(/which \/log-keys does not list/);
    // A list that gives another key a's id: the id must be the hash of the key's bytes.
    expect(treeHeadProblem('p_1', head, [{ ...b.key, keyId: a.key.keyId }])).to.match(/id does not match its bytes/);
    expect(treeHeadProblem('p_1', { ...head, signature: 'bm90IGEgc2lnbmF0dXJl' }, [a.key])).to.match(/signature does not verify/);
  });
});
