import type { Knex } from 'knex';
import { BALLOT_LOG, BALLOT_LOG_SIZES, entryJson, logRow } from '@votewire/db';
import type { Dialect } from '../../db/database';

/** One ballot as the log records it: a new ballot, or a change of the ballot with this commitment. */
export interface LogItem {
  pollId: string;
  commitment: string;
  optionIds: readonly number[];
  changed: boolean;
}

const ROWS_PER_INSERT = 100; // 7 variables a row, under SQLite's 999
const byPoll = (items: readonly LogItem[]) => {
  const polls = new Map<string, LogItem[]>();
  for (const item of items) polls.set(item.pollId, [...(polls.get(item.pollId) ?? []), item]);
  // Polls in one order everywhere: two transactions never wait for each other's size rows crosswise.
  return [...polls].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
};

/**
 * Appends a transaction's ballots to their polls' logs, as the transaction's last writes. A poll's
 * size row is raised by the number of entries and numbers them: a concurrent appender of the
 * same poll (another batch, another instance) waits on that row until this transaction ends, so
 * sequence numbers have no gaps and no duplicates, and the row is held only from here to COMMIT.
 */
export class LogAppender {
  constructor(private readonly dialect: Dialect) {}

  /** Inside a transaction (the careful path and the single writer). */
  async append(trx: Knex.Transaction, items: readonly LogItem[], now: number): Promise<void> {
    for (const [pollId, entries] of byPoll(items)) {
      await trx(BALLOT_LOG_SIZES).where('poll_id', pollId).increment('size', entries.length);
      const row = (await trx(BALLOT_LOG_SIZES).where('poll_id', pollId).first('size')) as { size: number } | undefined;
      if (!row) throw new Error(`poll ${pollId} has no ballot log`);
      const first = Number(row.size) - entries.length;
      const latest = await this.latestSeqs(
        trx,
        pollId,
        entries.filter((e) => e.changed).map((e) => e.commitment),
      );
      const rows = entries.map((e, i) => {
        const seq = first + i;
        const supersedes = e.changed ? latest.get(e.commitment) : undefined;
        if (e.changed && supersedes === undefined) throw new Error(`a changed ballot of poll ${pollId} has no entry to supersede`);
        latest.set(e.commitment, seq);
        return logRow(pollId, { seq, commitment: e.commitment, optionIds: e.optionIds, supersedes, at: now });
      });
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await trx(BALLOT_LOG).insert(rows.slice(i, i + ROWS_PER_INSERT));
    }
  }

  /**
   * The same for a MySQL one-round-trip script of new ballots: LAST_INSERT_ID(size + n) keeps the
   * new size on the connection, the entries take the n numbers below it, and MariaDB hashes each
   * leaf (SHA2 over 0x00 and the entry's bytes, whose only unknown part is the seq it fills in).
   */
  scriptStatements(items: readonly LogItem[], now: number): Knex.SqlNative[] {
    return byPoll(items).flatMap(([pollId, entries]) => {
      const n = entries.length;
      const values: Knex.Value[] = [];
      for (const [i, e] of entries.entries()) {
        const json = entryJson({ seq: 0, commitment: e.commitment, optionIds: e.optionIds, at: now });
        values.push(pollId, n - i, e.commitment, JSON.stringify(e.optionIds), now, n - i, json.slice('{"seq":0'.length));
      }
      const row = `(?, LAST_INSERT_ID() - ?, ?, ?, NULL, ?, SHA2(CONCAT(X'00', '{"seq":', LAST_INSERT_ID() - ?, ?), 256))`;
      return [
        { sql: `UPDATE ${BALLOT_LOG_SIZES} SET size = LAST_INSERT_ID(size + ?) WHERE poll_id = ?`, bindings: [n, pollId] },
        {
          sql: `INSERT INTO ${BALLOT_LOG} (poll_id, seq, commitment, option_ids, supersedes, at, leaf_hash) VALUES ${entries.map(() => row).join(', ')}`,
          bindings: values,
        },
      ];
    });
  }

  /** The seq of each commitment's latest entry, read past this transaction's snapshot on MySQL. */
  private async latestSeqs(trx: Knex.Transaction, pollId: string, commitments: string[]): Promise<Map<string, number>> {
    if (commitments.length === 0) return new Map();
    const q = trx(BALLOT_LOG).where('poll_id', pollId).whereIn('commitment', commitments).select('commitment', 'seq');
    // A current read: this transaction holds the poll's size row, so every earlier append has
    // committed, but a plain read would see the snapshot taken at its first read.
    const rows = (await (this.dialect === 'mysql' ? q.forShare() : q)) as { commitment: string; seq: number }[];
    const latest = new Map<string, number>();
    for (const r of rows) latest.set(r.commitment, Math.max(latest.get(r.commitment) ?? -1, Number(r.seq)));
    return latest;
  }
}
