import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import type { Config } from '../config';

export type Dialect = 'sqlite' | 'mysql';

/**
 * The two pools. Every query names the one it uses: `write` (the primary) for writes and for reads
 * that must see the caller's own writes, `read()` for everything else. knex has no read/write split
 * of its own, so the choice is made in plain sight at each call site.
 */
export interface Database {
  readonly dialect: Dialect;
  readonly write: Knex;
  /** A healthy replica, or the primary when there is none. */
  read(): Knex;
  destroy(): Promise<void>;
}

function mysqlConnection(url: string): Knex.MySql2ConnectionConfig {
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
  };
}

export function mysqlKnex(url: string, poolMax: number): Knex {
  return knexFactory({
    client: 'mysql2',
    connection: mysqlConnection(url),
    pool: { min: 0, max: poolMax },
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

export interface ReadPoolChooser {
  /** The replica pool to read from now, or null when none is healthy. */
  pick(): Knex | null;
  destroy(): Promise<void>;
}

/** Round robin over the replicas; the cluster replaces it with a health- and lag-aware chooser. */
export function roundRobin(replicas: Knex[]): ReadPoolChooser {
  let next = 0;
  return {
    pick: () => (replicas.length === 0 ? null : replicas[next++ % replicas.length]!),
    destroy: async () => {
      await Promise.all(replicas.map((r) => r.destroy()));
    },
  };
}

export function openDatabase(config: Config, makeChooser = roundRobin): Database {
  if (!config.dbWriteUrl) {
    const knex = sqliteKnex(join(config.dataDir, 'votewire.sqlite'));
    return { dialect: 'sqlite', write: knex, read: () => knex, destroy: () => knex.destroy() };
  }
  const write = mysqlKnex(config.dbWriteUrl, 30);
  const chooser = makeChooser(config.dbReadUrls.map((u) => mysqlKnex(u, 20)));
  return {
    dialect: 'mysql',
    write,
    read: () => chooser.pick() ?? write,
    destroy: async () => {
      await chooser.destroy();
      await write.destroy();
    },
  };
}

/** MySQL and SQLite report a unique-index violation differently. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
