import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

// The per-poll ballot log's tables and the exact bytes of its entries. A log row holds the entry's
// fields and nothing derived from them: every write of the vote path is paid on the primary and on
// each replica, so leaf hashes are computed by whoever builds a tree (off the vote path), and a
// commitment's entries are found through its ballot (ballots.log_seq), not an index of the log.

/** One row per entry: (poll_id, seq) is its place in the poll's log. */
export const BALLOT_LOG = 'ballot_log';
/** One row per poll: how many entries its log holds, raised in the transaction that appends them. */
export const BALLOT_LOG_SIZES = 'ballot_log_sizes';
/** Every public key that has signed tree heads, so heads signed before a key rotation still verify. */
export const LOG_KEYS = 'log_keys';

export interface LogEntryFields {
  seq: number;
  commitment: string;
  optionIds: readonly number[];
  supersedes?: number | null;
  /** Epoch milliseconds. */
  at: number;
}

/**
 * The leaf bytes: JSON of {seq, commitment, optionIds, supersedes?, at} with the keys in this
 * order, no whitespace, supersedes left out when absent, `at` as ISO 8601 UTC with milliseconds.
 */
export function entryJson(e: LogEntryFields): string {
  const entry: Record<string, unknown> = { seq: e.seq, commitment: e.commitment, optionIds: e.optionIds };
  if (e.supersedes !== undefined && e.supersedes !== null) entry.supersedes = e.supersedes;
  entry.at = new Date(e.at).toISOString();
  return JSON.stringify(entry);
}

/** RFC 9162 leaf hash, SHA-256(0x00 ‖ leaf bytes), as lowercase hex. */
export const leafHash = (e: LogEntryFields): string =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(entryJson(e), 'utf8')
    .digest('hex');

/** A receipt's commitment: hex SHA-256 of its UTF-8 bytes. */
export const commitmentOf = (receipt: string): string => createHash('sha256').update(receipt, 'utf8').digest('hex');

/** A new poll's empty log. */
export async function createBallotLog(db: Knex, pollId: string): Promise<void> {
  await db(BALLOT_LOG_SIZES).insert({ poll_id: pollId, size: 0 });
}

export async function deleteBallotLog(db: Knex, pollId: string): Promise<void> {
  await db(BALLOT_LOG).delete().where('poll_id', pollId);
  await db(BALLOT_LOG_SIZES).delete().where('poll_id', pollId);
}

/** The row of one entry, ready to insert. */
export const logRow = (pollId: string, e: LogEntryFields) => ({
  poll_id: pollId,
  seq: e.seq,
  commitment: e.commitment,
  option_ids: JSON.stringify(e.optionIds),
  supersedes: e.supersedes ?? null,
  at: e.at,
});

/** An entry as its row holds it (column names in camelCase, as the backend's pools map them). */
export interface LogEntryRow {
  seq: number | string;
  commitment: string;
  optionIds: string;
  supersedes: number | string | null;
  at: number | string;
}

export const entryOfRow = (r: LogEntryRow): LogEntryFields => ({
  seq: Number(r.seq),
  commitment: r.commitment,
  optionIds: JSON.parse(r.optionIds) as number[],
  supersedes: r.supersedes === null ? undefined : Number(r.supersedes),
  at: Number(r.at),
});

/** SQL of the number of entries a poll's log holds, for a column of a larger statement. */
export const logSizeSql = (pollIdColumn: string) => `(SELECT size FROM ${BALLOT_LOG_SIZES} WHERE poll_id = ${pollIdColumn})`;
