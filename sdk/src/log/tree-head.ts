/** Signed tree heads: the message the deployment signs, and its Ed25519 check against /log-keys. */
import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { LogKey, SignedTreeHead } from '@votewire/wire';

// Synchronous hashing: WebCrypto's SHA-512 is missing on plain-http pages.
ed.hashes.sha512 = sha512;

const base64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** The signed bytes: five lines, no trailing newline. */
export const treeHeadMessage = (pollId: string, h: Pick<SignedTreeHead, 'treeSize' | 'rootHash' | 'timestamp'>): Uint8Array =>
  utf8ToBytes(['votewire-tree-head-v1', pollId, String(h.treeSize), h.rootHash, String(h.timestamp)].join('\n'));

/** A key's id: the first 16 hex characters of SHA-256 of the raw public key. */
export const keyIdOf = (publicKey: Uint8Array): string => bytesToHex(sha256(publicKey)).slice(0, 16);

/**
 * Why a head is not to be trusted, or null when its signature is good under the published key it
 * names (whose id must match the key's bytes, so a key list cannot rename another's key).
 */
export function treeHeadProblem(pollId: string, head: SignedTreeHead, keys: readonly LogKey[]): string | null {
  const key = keys.find((k) => k.keyId === head.keyId);
  if (!key) return `the tree head is signed by key ${head.keyId}, which /log-keys does not list`;
  if (key.algorithm !== 'Ed25519') return `key ${key.keyId} uses ${key.algorithm}, not Ed25519`;
  let ok = false;
  try {
    const publicKey = base64(key.publicKey);
    if (keyIdOf(publicKey) !== key.keyId) return `key ${key.keyId}'s id does not match its bytes`;
    ok = ed.verify(base64(head.signature), treeHeadMessage(pollId, head), publicKey, { zip215: false });
  } catch {
    ok = false;
  }
  return ok ? null : `the tree head's signature does not verify under key ${key.keyId}`;
}
