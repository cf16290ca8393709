import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createConnection } from 'mysql2/promise';

const script = resolve(__dirname, '../../../db/cluster/mariadb-instance.sh');
// Away from the machine's own server (3306) and build.sh's defaults (3307-3309).
const PORT = Number(process.env.VOTEWIRE_TEST_MARIADB_PORT || 3341);

let started: { dir: string; port: number } | null = null;
let databases = 0;

/** Starts the test harness's own MariaDB once (own port, own data directory). */
function server(): { dir: string; port: number } {
  if (!started) {
    const dir = mkdtempSync(join(tmpdir(), 'votewire-mariadb-'));
    execFileSync(script, ['start', 'test-mariadb', String(PORT), dir, '1'], { stdio: 'pipe' });
    started = { dir, port: PORT };
  }
  return started;
}

/** A fresh, empty database and a non-root user for one suite; returns its mysql:// URL. */
export async function freshMariaDbUrl(): Promise<string> {
  const { port } = server();
  const name = `votewire_test_${process.pid}_${++databases}`;
  const conn = await createConnection({ host: '127.0.0.1', port, user: 'root' });
  try {
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.query(`CREATE USER IF NOT EXISTS 'votewire_test'@'127.0.0.1' IDENTIFIED BY 'test-password'`);
    await conn.query(`GRANT ALL ON \`${name}\`.* TO 'votewire_test'@'127.0.0.1'`);
  } finally {
    await conn.end();
  }
  return `mysql://votewire_test:test-password@127.0.0.1:${port}/${name}`;
}

export function stopMariaDb(): void {
  if (!started) return;
  execFileSync(script, ['stop', started.dir], { stdio: 'pipe' });
  rmSync(started.dir, { recursive: true, force: true });
  started = null;
}
