import type { Knex } from 'knex';
import { BALLOT_LOG, BALLOT_LOG_SIZES, entryJson, entryOfRow, leafHash, LOG_KEYS, type LogEntryRow } from '@votewire/db';
import type { ConsistencyProof, InclusionProof, LogKeyList } from '@votewire/wire';
import { isUniqueViolation, type Database } from '../../db/database';
import { Ballot } from '../../models/Ballot';
import { badRequest, notFound } from '../../errors';
import type { PollReads, Viewer } from '../poll-reads';
import { MerkleTree } from './merkle';
import type { LogSigner, SignedHead } from './signer';

/** At most this many entries per answer. */
export const ENTRIES_PER_PAGE = 1000;
/** Trees kept in memory; the least recently used goes first. */
const TREES_KEPT = 64;

const ENTRY_COLUMNS = ['seq', 'commitment', 'option_ids', 'supersedes', 'at'];

const treeSizeInvalid = (message: string) => badRequest('log_tree_size_invalid', message);

/**
 * The public side of the ballot log: signed heads, entries and proofs, under the same visibility
 * as the poll's results. Reads go to a replica; one that has not yet seen the sizes a client asks
 * about (a voter checking the ballot just cast) is passed over for the primary. Entries never
 * change, so each poll's Merkle tree is kept in memory and only grows by the entries new since.
 */
export class BallotLogReads {
  private readonly trees = new Map<string, { tree: MerkleTree; growing: Promise<unknown> }>();
  private registered: Promise<void> | null = null;

  constructor(
    private readonly db: Database,
    private readonly polls: PollReads,
    private readonly signer: LogSigner,
  ) {}

  async keys(): Promise<LogKeyList> {
    await this.register();
    const rows = (await this.db.write(LOG_KEYS).orderBy('created_at').select('key_id', 'public_key', 'created_at')) as {
      keyId: string;
      publicKey: string;
      createdAt: number | string;
    }[];
    return {
      keys: rows.map((r) => ({
        keyId: r.keyId,
        algorithm: 'Ed25519' as const,
        publicKey: r.publicKey,
        createdAt: new Date(Number(r.createdAt)).toISOString(),
      })),
    };
  }

  async head(pollId: string, viewer: Viewer): Promise<SignedHead> {
    await this.polls.assertResultsVisible(pollId, viewer);
    await this.register();
    // A voter's head comes from the primary: it holds the ballot the voter may just have cast.
    const { db, size } = await this.sized(pollId, 'voterKey' in viewer && viewer.voterKey ? Number.MAX_SAFE_INTEGER : 0);
    return this.headOf(db, pollId, size);
  }

  /**
   * The signed head of the poll's first `size` entries as `db` (a transaction, say) holds them. The
   * key is listed without waiting: in a transaction on SQLite, its one connection is taken.
   */
  async headOf(db: Knex, pollId: string, size: number): Promise<SignedHead> {
    this.register().catch(() => undefined); // listed again on the next read of the keys or a head
    const tree = await this.tree(db, pollId, size);
    return this.signer.head(pollId, size, tree.root(size).toString('hex'));
  }

  /** Entries start..end (inclusive, end clipped to the tree) as the JSON of their leaf bytes. */
  async entriesJson(pollId: string, viewer: Viewer, start: number, end: number): Promise<{ json: string; immutable: boolean }> {
    await this.polls.assertResultsVisible(pollId, viewer);
    const { db, size } = await this.sized(pollId, start + 1);
    if (start >= size) throw badRequest('log_range_invalid', `start must be below the log's size, ${size}`);
    if (end < start) throw badRequest('log_range_invalid', 'end must not be below start');
    const last = Math.min(end, size - 1, start + ENTRIES_PER_PAGE - 1);
    const rows = (await db(BALLOT_LOG)
      .where('poll_id', pollId)
      .whereBetween('seq', [start, last])
      .orderBy('seq')
      .select(...ENTRY_COLUMNS)) as LogEntryRow[];
    // The same URL answers the same bytes for ever unless its end was clipped to a tree still growing.
    const json = `{"entries":[${rows.map((r) => entryJson(entryOfRow(r))).join(',')}]}`;
    return { json, immutable: end < size || last === start + ENTRIES_PER_PAGE - 1 };
  }

  async inclusion(pollId: string, viewer: Viewer, commitment: string, treeSize: number): Promise<InclusionProof> {
    await this.polls.assertResultsVisible(pollId, viewer);
    const { db, size } = await this.sized(pollId, treeSize);
    if (treeSize === 0 || treeSize > size) throw treeSizeInvalid(`treeSize must be from 1 to the log's size, ${size}`);
    const row = await this.latestEntryBelow(db, pollId, commitment, treeSize);
    if (!row) throw notFound('log_entry_not_found', `No entry with this commitment among the first ${treeSize}`);
    const tree = await this.tree(db, pollId, treeSize);
    const entry = JSON.parse(entryJson(entryOfRow(row))) as InclusionProof['entry'];
    const inclusionPath = tree.inclusionPath(entry.seq, treeSize).map((h) => h.toString('hex'));
    return { treeSize, leafIndex: entry.seq, entry, inclusionPath };
  }

  async consistency(pollId: string, viewer: Viewer, first: number, second: number): Promise<ConsistencyProof> {
    await this.polls.assertResultsVisible(pollId, viewer);
    const { db, size } = await this.sized(pollId, second);
    if (!(first > 0 && first <= second && second <= size)) {
      throw treeSizeInvalid(`first and second must satisfy 0 < first ≤ second ≤ ${size}, the log's size`);
    }
    const tree = await this.tree(db, pollId, second);
    return { first, second, consistencyPath: tree.consistencyProof(first, second).map((h) => h.toString('hex')) };
  }

  /**
   * A commitment's latest entry below `treeSize`: its ballot names its latest entry, and each entry
   * the one it supersedes (a voter's changes, few).
   */
  private async latestEntryBelow(db: Knex, pollId: string, commitment: string, treeSize: number): Promise<LogEntryRow | undefined> {
    const ballot = (await db(Ballot.tableName).where({ poll_id: pollId, commitment }).first('log_seq')) as
      { logSeq: number | null } | undefined;
    let seq = ballot?.logSeq ?? null;
    while (seq !== null) {
      const row = (await db(BALLOT_LOG)
        .where({ poll_id: pollId, seq })
        .first(...ENTRY_COLUMNS)) as LogEntryRow | undefined;
      if (!row) throw new Error(`ballot log of poll ${pollId} has no entry ${seq}`);
      if (Number(row.seq) < treeSize) return row;
      seq = row.supersedes === null ? null : Number(row.supersedes);
    }
    return undefined;
  }

  /** The log's size on a replica, or on the primary when the replica has fewer than `atLeast`. */
  private async sized(pollId: string, atLeast: number): Promise<{ db: Knex; size: number }> {
    const sizeOn = async (db: Knex) => {
      const row = (await db(BALLOT_LOG_SIZES).where('poll_id', pollId).first('size')) as { size: number } | undefined;
      if (!row) throw notFound('poll_not_found', 'No poll with this id');
      return Number(row.size);
    };
    const onReplica = await this.db.read(async (db) => ({ db, size: await sizeOn(db) }));
    if (onReplica.size >= atLeast || onReplica.db === this.db.write) return onReplica;
    return { db: this.db.write, size: await sizeOn(this.db.write) };
  }

  /** The poll's tree with at least `size` leaves, grown from `db` if need be (one grower at a time). */
  private async tree(db: Knex, pollId: string, size: number): Promise<MerkleTree> {
    let kept = this.trees.get(pollId);
    this.trees.delete(pollId);
    kept ??= { tree: new MerkleTree(), growing: Promise.resolve() };
    this.trees.set(pollId, kept);
    if (this.trees.size > TREES_KEPT) this.trees.delete(this.trees.keys().next().value!);
    const { tree } = kept;
    const grow = kept.growing.then(async () => {
      if (tree.size >= size) return;
      const rows = (await db(BALLOT_LOG)
        .where('poll_id', pollId)
        .where('seq', '>=', tree.size)
        .where('seq', '<', size)
        .orderBy('seq')
        .select(...ENTRY_COLUMNS)) as LogEntryRow[];
      // A gap would shift every later leaf: refuse rather than publish a wrong tree.
      rows.forEach((r, i) => {
        if (Number(r.seq) !== tree.size + i) throw new Error(`ballot log of poll ${pollId} has no entry ${tree.size + i}`);
      });
      if (tree.size + rows.length < size) throw new Error(`ballot log of poll ${pollId} ends before ${size}`);
      tree.append(rows.map((r) => Buffer.from(leafHash(entryOfRow(r)), 'hex')));
    });
    kept.growing = grow.catch(() => undefined);
    await grow;
    return tree;
  }

  /** Lists this instance's public key among the log's keys, once. */
  private register(): Promise<void> {
    this.registered ??= this.db
      .write(LOG_KEYS)
      .insert({ key_id: this.signer.keyId, public_key: this.signer.publicKey.toString('base64'), created_at: Date.now() })
      .then(
        () => undefined,
        (err: unknown) => {
          if (isUniqueViolation(err)) return;
          this.registered = null;
          throw err;
        },
      );
    return this.registered;
  }
}
