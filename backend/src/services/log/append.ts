import type { Knex } from 'knex';
import { BALLOT_LOG, BALLOT_LOG_SIZES, logRow } from '@votewire/db';
import { sqlExpression, type Dialect, type SqlExpression } from '../../db/database';
import { Ballot } from '../../models/Ballot';

/** One ballot as the log records it: a new ballot, or a change of the ballot with this commitment. */
export interface LogItem {
  pollId: string;
  commitment: string;
  optionIds: readonly number[];
  changed: boolean;
}

const ROWS_PER_INSERT = 100; // 6 variables a row, under SQLite's 999
/** Each poll's items with their places in `items`. */
const byPoll = (items: readonly LogItem[]) => {
  const polls = new Map<string, { item: LogItem; index: number }[]>();
  for (const [index, item] of items.entries()) {
    const of = polls.get(item.pollId);
    if (of) of.push({ item, index });
    else polls.set(item.pollId, [{ item, index }]);
  }
  // Polls in one order everywhere: two transactions never wait for each other's size rows crosswise.
  return [...polls].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
};

/**
 * Appends a transaction's ballots to their polls' logs and points each ballot (ballots.log_seq) at
 * its new entry. A poll's size row is raised by the number of entries and numbers them: a
 * concurrent appender of the same poll (another batch, another instance) waits on that row until
 * this transaction ends, so sequence numbers have no gaps and no duplicates. Every writer takes
 * the size row before the other rows its votes touch (ballots, tally slots): the one-trip script
 * starts with it, the others call lockSizes first, so no two writers wait on each other crosswise.
 */
export class LogAppender {
  constructor(private readonly dialect: Dialect) {}

  /** Takes the polls' size rows for this transaction, before it writes anything else of theirs. */
  async lockSizes(trx: Knex.Transaction, pollIds: readonly string[]): Promise<void> {
    // SQLite's one connection runs one transaction at a time: there is nothing to wait on.
    if (this.dialect !== 'mysql' || pollIds.length === 0) return;
    await trx(BALLOT_LOG_SIZES)
      .whereIn('poll_id', [...new Set(pollIds)])
      .orderBy('poll_id')
      .forUpdate()
      .select('poll_id');
  }

  /**
   * Inside a transaction (the careful path and the single writer) that took the size rows first,
   * after the ballots are written: a changed ballot's log_seq still names the entry it supersedes.
   */
  async append(trx: Knex.Transaction, items: readonly LogItem[], now: number): Promise<void> {
    for (const [pollId, entries] of byPoll(items)) {
      await trx(BALLOT_LOG_SIZES).where('poll_id', pollId).increment('size', entries.length);
      const row = (await trx(BALLOT_LOG_SIZES).where('poll_id', pollId).first('size')) as { size: number } | undefined;
      if (!row) throw new Error(`poll ${pollId} has no ballot log`);
      const first = Number(row.size) - entries.length;
      const latest = await this.latestSeqs(
        trx,
        pollId,
        entries.filter(({ item }) => item.changed).map(({ item }) => item.commitment),
      );
      const rows = entries.map(({ item: e }, i) => {
        const seq = first + i;
        const supersedes = e.changed ? latest.get(e.commitment) : undefined;
        if (e.changed && supersedes === undefined) throw new Error(`a changed ballot of poll ${pollId} has no entry to supersede`);
        latest.set(e.commitment, seq);
        return logRow(pollId, { seq, commitment: e.commitment, optionIds: e.optionIds, supersedes, at: now });
      });
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await trx(BALLOT_LOG).insert(rows.slice(i, i + ROWS_PER_INSERT));
      const pointers = [...latest];
      await trx.raw(
        `UPDATE ${Ballot.tableName} SET log_seq = CASE commitment ${pointers.map(() => 'WHEN ? THEN ?').join(' ')} END WHERE poll_id = ? AND commitment IN (${pointers.map(() => '?').join(', ')})`,
        [...pointers.flat(), pollId, ...pointers.map(([c]) => c)],
      );
    }
  }

  /**
   * The same for a MySQL one-round-trip script of new ballots: its statements, to run before the
   * ballots' INSERT, and the SQL of each item's seq for that INSERT's log_seq. A user variable per
   * poll takes the raised size, and the entries take the n numbers below it. The variables are
   * cleared first: on a pooled connection a stale value would number entries silently, where NULL
   * fails the INSERT (seq is NOT NULL).
   */
  scriptStatements(items: readonly LogItem[], now: number): { statements: Knex.SqlNative[]; seqs: SqlExpression[] } {
    const polls = byPoll(items);
    const variable = (p: number) => `@votewire_log_size_${p}`;
    const seqs: SqlExpression[] = [];
    const statements: Knex.SqlNative[] = [{ sql: `SET ${polls.map((_, p) => `${variable(p)} = NULL`).join(', ')}`, bindings: [] }];
    for (const [p, [pollId, entries]] of polls.entries()) {
      const n = entries.length;
      const values: Knex.Value[] = [];
      for (const [i, { item, index }] of entries.entries()) {
        seqs[index] = sqlExpression(`${variable(p)} - ${n - i}`);
        values.push(pollId, item.commitment, JSON.stringify(item.optionIds), now);
      }
      statements.push(
        { sql: `UPDATE ${BALLOT_LOG_SIZES} SET size = (${variable(p)} := size + ?) WHERE poll_id = ?`, bindings: [n, pollId] },
        {
          sql: `INSERT INTO ${BALLOT_LOG} (poll_id, seq, commitment, option_ids, supersedes, at) VALUES ${entries
            .map((_, i) => `(?, ${variable(p)} - ${n - i}, ?, ?, NULL, ?)`)
            .join(', ')}`,
          bindings: values,
        },
      );
    }
    return { statements, seqs };
  }

  /**
   * The seq of each changed ballot's latest entry. Its writer patched the ballot earlier in this
   * transaction, which read the row's latest version to do so, so a plain read sees that version.
   */
  private async latestSeqs(trx: Knex.Transaction, pollId: string, commitments: string[]): Promise<Map<string, number>> {
    if (commitments.length === 0) return new Map();
    const rows = (await trx(Ballot.tableName)
      .where('poll_id', pollId)
      .whereIn('commitment', commitments)
      .select('commitment', 'log_seq')) as { commitment: string; logSeq: number | null }[];
    return new Map(rows.filter((r) => r.logSeq !== null).map((r) => [r.commitment, Number(r.logSeq)]));
  }
}
