/** The ballot log's wire objects, as the log routes serve them (hashes lowercase hex, keys base64). */

export interface LogEntry {
  seq: number;
  commitment: string;
  optionIds: number[];
  /** On a vote change only: the seq of this commitment's previous entry. */
  supersedes?: number;
  at: string;
}

export interface SignedTreeHead {
  treeSize: number;
  rootHash: string;
  /** Milliseconds since the epoch, when signed. */
  timestamp: number;
  keyId: string;
  signature: string;
}

export interface LogKey {
  keyId: string;
  algorithm: string;
  publicKey: string;
  createdAt: string;
}

export interface InclusionProof {
  treeSize: number;
  leafIndex: number;
  entry: LogEntry;
  inclusionPath: string[];
}

export interface ConsistencyProof {
  first: number;
  second: number;
  consistencyPath: string[];
}
