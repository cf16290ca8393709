import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import type { Config } from '../config';
import type { Logger } from '../log';
import { ReplicaMonitor, type ReplicaState } from './replica-monitor';

export type Dialect = 'sqlite' | 'mysql';

export interface Replication {
  primaryUp: boolean;
  replicas: ReplicaState[];
  /** Reads served per server since start ("primary" when no replica was healthy). */
  reads: Record<string, number>;
}

/**
 * The two pools. Every query names the one it uses: `write` (the primary) for writes and for reads
 * that must see the caller's own writes, `read()` for everything else. knex has no read/write split
 * of its own, so the choice is made in plain sight at each call site.
 */
export interface Database {
  readonly dialect: Dialect;
  readonly write: Knex;
  /**
   * Runs a read on a healthy replica (the primary when there is none). A replica whose connection
   * fails mid-read leaves the rotation at once and the read runs again elsewhere, so a replica's
   * death costs its readers nothing.
   */
  read<T>(fn: (db: Knex) => PromiseLike<T>): Promise<T>;
  /** Replica states and where reads went, for readiness and metrics; null for the embedded database. */
  replication(): Replication | null;
  destroy(): Promise<void>;
}

function mysqlConnection(url: string, multipleStatements: boolean): Knex.MySql2ConnectionConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, '') || 'votewire',
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: false,
    // A server that is down must fail fast, so reads move to another server and writes get a 503.
    connectTimeout: 2000,
    // Only for runScript() on the primary. Every statement is built with placeholders, so no
    // input can add a statement of its own.
    multipleStatements,
  };
}

/** knex reports pool errors itself (once per failed connect); they belong in our log, quietly. */
const knexLog = (log: Logger) => ({
  warn: (m: unknown) => log.debug({ knex: String(m) }, 'knex warning'),
  error: (m: unknown) => log.debug({ knex: String(m) }, 'knex error'),
  deprecate: () => undefined,
  debug: () => undefined,
});

export function mysqlKnex(url: string, poolMax: number, log?: Logger, { scripts = false } = {}): Knex {
  return knexFactory({
    ...(log ? { log: knexLog(log) } : {}),
    client: 'mysql2',
    connection: mysqlConnection(url, scripts),
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 5000,
    ...knexSnakeCaseMappers(),
  });
}

export function sqliteKnex(file: string): Knex {
  return knexFactory({
    client: 'better-sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // better-sqlite3 is synchronous: one connection serialises every statement anyway.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { pragma(s: string): unknown }, done: (err: Error | null, c: unknown) => void) => {
        conn.pragma('journal_mode = WAL');
        conn.pragma('synchronous = NORMAL');
        conn.pragma('foreign_keys = ON');
        conn.pragma('busy_timeout = 5000');
        done(null, conn);
      },
    },
    ...knexSnakeCaseMappers(),
  });
}

/**
 * Opens the pools. SQLite: one file serves both. MySQL/MariaDB: the primary, plus one pool per
 * replica behind a health- and lag-aware monitor.
 */
export function openDatabase(config: Config, log: Logger): Database {
  if (!config.dbWriteUrl) {
    const knex = sqliteKnex(join(config.dataDir, 'votewire.sqlite'));
    return { dialect: 'sqlite', write: knex, read: async (fn) => fn(knex), replication: () => null, destroy: () => knex.destroy() };
  }
  const write = mysqlKnex(config.dbWriteUrl, 30, log, { scripts: true });
  const monitor = new ReplicaMonitor(
    write,
    config.dbReadUrls.map((u, i) => ({ name: `replica_${i + 1}`, knex: mysqlKnex(u, 20, log) })),
    config.replicaMaxLagMs,
    log,
  );
  if (config.dbReadUrls.length > 0) monitor.start();
  const reads: Record<string, number> = { primary: 0 };
  return {
    dialect: 'mysql',
    write,
    read: async (fn) => {
      for (let replica = monitor.pick(); replica; replica = monitor.pick()) {
        reads[replica.name] = (reads[replica.name] ?? 0) + 1;
        try {
          return await fn(replica.knex);
        } catch (err) {
          if (!isDatabaseUnavailable(err)) throw err;
          monitor.markDown(replica.name);
        }
      }
      reads.primary = (reads.primary ?? 0) + 1;
      return fn(write);
    },
    replication: () => ({ ...monitor.states(), reads: { ...reads } }),
    destroy: async () => {
      await monitor.destroy();
      await write.destroy();
    },
  };
}

interface ScriptConnection {
  query(sql: string, values: unknown[], done: (err: unknown, results: unknown) => void): void;
  destroy(): void;
}

/**
 * Sends statements as one multi-statement query on one connection of a pool opened with
 * `scripts`: a whole transaction in one round trip. MySQL stops at a failing statement, so a
 * script that began a transaction has it rolled back before its connection returns to the pool.
 * Returns each statement's result (rows for a SELECT), in order.
 */
export async function runScript(knex: Knex, statements: Knex.SqlNative[]): Promise<unknown[]> {
  const conn = (await knex.client.acquireConnection()) as ScriptConnection;
  const query = (sql: string, values: unknown[]) =>
    new Promise<unknown>((resolve, reject) => conn.query(sql, values, (err, results) => (err ? reject(err) : resolve(results))));
  try {
    const results = await query(
      statements.map((s) => s.sql).join(';\n'),
      statements.flatMap((s) => s.bindings as unknown[]),
    );
    return statements.length === 1 ? [results] : (results as unknown[]);
  } catch (err) {
    await query('ROLLBACK', []).catch(() => conn.destroy());
    throw err;
  } finally {
    await knex.client.releaseConnection(conn);
  }
}

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** SQL written into a statement as it is, for a value a script computes (never from input). */
export interface SqlExpression {
  readonly sql: string;
}
export const sqlExpression = (sql: string): SqlExpression => ({ sql });

/**
 * A multi-row INSERT for runScript, compiled as knex compiles it for MySQL (columns sorted, in
 * snake_case) but without its query builder, which took ~15 µs a row. Every row must have the
 * same columns.
 */
export function insertSql(table: string, rows: Record<string, string | number | boolean | null | SqlExpression>[]): Knex.SqlNative {
  const keys = Object.keys(rows[0] ?? {}).sort();
  if (keys.length === 0) throw new Error(`insertSql: no rows or no columns for ${table}`);
  const bindings: unknown[] = [];
  const tuples = rows.map((row) => {
    if (Object.keys(row).length !== keys.length || keys.some((k) => !(k in row)))
      throw new Error(`insertSql: rows of ${table} differ in columns`);
    const values = keys.map((k) => {
      const v = row[k];
      if (v !== null && typeof v === 'object') return v.sql;
      bindings.push(v);
      return '?';
    });
    return `(${values.join(', ')})`;
  });
  return {
    sql: `insert into \`${table}\` (${keys.map((k) => `\`${snakeCase(k)}\``).join(', ')}) values ${tuples.join(', ')}`,
    bindings,
  } as Knex.SqlNative;
}

/** A transaction rolled back by a lock conflict (a deadlock, a wait too long): run it again. */
export const isLockConflict = (err: unknown): boolean =>
  ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'SQLITE_BUSY'].includes((err as { code?: string } | null)?.code ?? '');

/** MySQL and SQLite report a unique-index violation differently. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Connection-level failures (the primary restarting, a pool timing out): worth a retry. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const e = ((err as { nativeError?: unknown } | null)?.nativeError ?? err) as {
    code?: string;
    name?: string;
    message?: string;
    fatal?: boolean;
  };
  return (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'PROTOCOL_CONNECTION_LOST',
      'ETIMEDOUT',
      'EPIPE',
      'ER_SERVER_SHUTDOWN',
      'ER_CON_COUNT_ERROR',
      'SQLITE_BUSY',
    ].includes(e?.code ?? '') ||
    e?.name === 'KnexTimeoutError' ||
    // mysql2 marks errors that end the connection as fatal; a transaction whose connection the
    // primary dropped (SIGKILL) fails its ROLLBACK with "Can't add new command when connection is
    // in closed state" and no code; without this it was answered 500, although a retry succeeds.
    e?.fatal === true ||
    /Connection lost|connect ECONNREFUSED|connection is in closed state/.test(e?.message ?? '')
  );
}
