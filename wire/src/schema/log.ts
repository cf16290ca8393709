import { Type } from '@sinclair/typebox';
import { Id, Strict } from './common';

// The public ballot log of a poll: its entries, signed Merkle tree heads (RFC 9162 hashing) and
// the proofs that let anyone check one ballot's inclusion or that a log only grew.

const Hash = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });
const TreeSize = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

export const LogEntry = Strict(
  {
    seq: Type.Integer({ minimum: 0, description: 'The entry’s 0-based leaf index in its poll’s log.' }),
    commitment: Hash('Lowercase hex SHA-256 of the UTF-8 bytes of the vote response’s receipt.'),
    optionIds: Type.Array(Id(), { description: 'The ballot’s option ids as the voter sent them (ranked: preference order).' }),
    supersedes: Type.Optional(
      Type.Integer({ minimum: 0, description: 'On a vote change: the seq of the same commitment’s previous entry.' }),
    ),
    at: Type.String({ format: 'date-time', description: 'When the entry was appended, ISO 8601 UTC with milliseconds.' }),
  },
  {
    title: 'LogEntry',
    description:
      'One accepted ballot or vote change. Leaf bytes: the UTF-8 of JSON.stringify of this object with its keys in this order, no whitespace, supersedes omitted when absent.',
  },
);

export const LogKey = Strict(
  {
    keyId: Type.String({ pattern: '^[0-9a-f]{16}$', description: 'The first 16 hex characters of SHA-256 of the raw public key.' }),
    algorithm: Type.Literal('Ed25519'),
    publicKey: Type.String({ description: 'Standard base64 of the raw 32-byte public key.' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { title: 'LogKey' },
);

export const LogKeyList = Strict({ keys: Type.Array(LogKey) }, { title: 'LogKeyList' });

export const SignedTreeHead = Strict(
  {
    treeSize: TreeSize('Entries in the tree.'),
    rootHash: Hash('RFC 9162 Merkle tree hash of the first treeSize entries (SHA-256 of the empty string for none).'),
    timestamp: Type.Integer({ minimum: 0, description: 'When signed, milliseconds since the epoch.' }),
    keyId: Type.String({ pattern: '^[0-9a-f]{16}$' }),
    signature: Type.String({
      description:
        'Standard base64 Ed25519 signature over the UTF-8 of these lines joined by "\\n": votewire-tree-head-v1, the poll id, treeSize, rootHash, timestamp.',
    }),
  },
  { title: 'SignedTreeHead' },
);

export const LogEntryPage = Strict({ entries: Type.Array(LogEntry) }, { title: 'LogEntryPage' });

export const InclusionProof = Strict(
  {
    treeSize: TreeSize('The tree the path leads up to.'),
    leafIndex: Type.Integer({ minimum: 0 }),
    entry: LogEntry,
    inclusionPath: Type.Array(Hash('A sibling hash'), { description: 'RFC 9162 §2.1.3 inclusion path, from the leaf up.' }),
  },
  { title: 'InclusionProof' },
);

export const ConsistencyProof = Strict(
  {
    first: TreeSize('The earlier tree size.'),
    second: TreeSize('The later tree size.'),
    consistencyPath: Type.Array(Hash('A subtree hash'), { description: 'RFC 9162 §2.1.4 consistency proof.' }),
  },
  { title: 'ConsistencyProof' },
);

const Size = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

export const LogEntriesQuery = Strict({ start: Size, end: Size });
export const InclusionQuery = Strict({ commitment: Type.String({ pattern: '^[0-9a-f]{64}$' }), treeSize: Size });
export const ConsistencyQuery = Strict({ first: Size, second: Size });
