import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';

/** The DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows it. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface SignedHead {
  treeSize: number;
  rootHash: string;
  timestamp: number;
  keyId: string;
  signature: string;
}

/** The bytes a tree head's signature covers (the contract's five lines). */
export const treeHeadMessage = (pollId: string, treeSize: number, rootHash: string, timestamp: number): Buffer =>
  Buffer.from(['votewire-tree-head-v1', pollId, String(treeSize), rootHash, String(timestamp)].join('\n'), 'utf8');

/** Signs tree heads with the deployment's Ed25519 key (node:crypto). */
export class LogSigner {
  private readonly privateKey: KeyObject;
  /** The raw 32-byte public key. */
  readonly publicKey: Buffer;
  /** First 16 hex characters of SHA-256 of the raw public key. */
  readonly keyId: string;

  /** `seed`: the 32-byte Ed25519 private key. */
  constructor(seed: Buffer) {
    if (seed.length !== 32) throw new Error('An Ed25519 seed is 32 bytes');
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey).export({ format: 'der', type: 'spki' }).subarray(-32);
    this.keyId = createHash('sha256').update(this.publicKey).digest('hex').slice(0, 16);
  }

  head(pollId: string, treeSize: number, rootHash: string, timestamp = Date.now()): SignedHead {
    const signature = sign(null, treeHeadMessage(pollId, treeSize, rootHash, timestamp), this.privateKey).toString('base64');
    return { treeSize, rootHash, timestamp, keyId: this.keyId, signature };
  }
}
