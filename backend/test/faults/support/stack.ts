// The stack that scripts/test-faults.sh started with ./build.sh: where its parts are, how to kill
// one of them, and how to start it again the way build.sh does (build.sh restarts the whole stack,
// so single parts are restarted here with the same commands).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';

export const root = resolve(__dirname, '../../../..');
const cluster = join(root, 'db/cluster');

export interface Stack {
  dir: string;
  httpPort: number;
  primaryPort: number;
  replicaPorts: number[];
  redisPort: number;
  backendPorts: number[];
  adminKey: string;
  dbPassword: string;
  baseUrl: string;
}

/** Reads what build.sh recorded in the stack directory (run/stack.env and the secrets in state/). */
export function openStack(dir: string): Stack {
  const env = Object.fromEntries(
    readFileSync(join(dir, 'run/stack.env'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => {
        const i = l.indexOf('=');
        return [l.slice(0, i), l.slice(i + 1).replace(/^'|'$/g, '')];
      }),
  ) as Record<string, string>;
  const ports = (s: string | undefined) => (s ?? '').split(/[ ,]+/).filter(Boolean).map(Number);
  const secret = (name: string) => readFileSync(join(dir, 'state', name), 'utf8').trim();
  const httpPort = Number(env.HTTP_PORT);
  return {
    dir,
    httpPort,
    primaryPort: Number(env.PRIMARY_PORT),
    replicaPorts: ports(env.REPLICA_PORTS),
    redisPort: Number(env.REDIS_PORT),
    backendPorts: ports(env.BACKEND_PORTS),
    adminKey: secret('admin-key'),
    dbPassword: secret('db-app-password'),
    baseUrl: `http://127.0.0.1:${httpPort}`,
  };
}

export function dbUrl(stack: Stack, port: number): string {
  return `mysql://votewire:${encodeURIComponent(stack.dbPassword)}@127.0.0.1:${port}/votewire`;
}

export function connectDb(stack: Stack, port: number): Promise<Connection> {
  return createConnection({
    host: '127.0.0.1',
    port,
    user: 'votewire',
    password: stack.dbPassword,
    database: 'votewire',
    connectTimeout: 3000,
  });
}

function pidFrom(file: string): number {
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`no pid in ${file}`);
  return pid;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function killHard(pid: number, what: string): Promise<void> {
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(50);
  if (alive(pid)) throw new Error(`${what} (pid ${pid}) survived SIGKILL`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

const sh = (file: string, args: string[]) =>
  execFileSync(file, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

// ---------------------------------------------------------------- MariaDB

const dbDir = (stack: Stack, name: string) => join(stack.dir, 'mariadb', name);

export async function killDatabase(stack: Stack, name: 'primary' | `replica${number}`): Promise<void> {
  await killHard(pidFrom(join(dbDir(stack, name), 'mariadbd.pid')), name);
}

/** The same `mariadb-instance.sh start` that build.sh runs for this server (crash recovery on restart). */
export function startDatabase(stack: Stack, name: 'primary' | `replica${number}`): void {
  if (name === 'primary') {
    sh(join(cluster, 'mariadb-instance.sh'), ['start', 'primary', String(stack.primaryPort), dbDir(stack, 'primary'), '1']);
    return;
  }
  const i = Number(name.slice('replica'.length));
  sh(join(cluster, 'mariadb-instance.sh'), [
    'start',
    name,
    String(stack.replicaPorts[i - 1]),
    dbDir(stack, name),
    String(i + 1),
    '--replica',
  ]);
}

/** Root SQL on an instance's socket (the app user may not stop or start replication). */
export function rootSql(stack: Stack, name: string, sql: string): string {
  return sh(join(cluster, 'mariadb-instance.sh'), ['sql', dbDir(stack, name), '--batch', '--skip-column-names', '-e', sql]);
}

/** Waits until the replica has applied everything the primary has now; returns how long it took. */
export async function replicaCaughtUp(stack: Stack, index: number, timeoutS = 30): Promise<number> {
  const t0 = Date.now();
  const primary = await connectDb(stack, stack.primaryPort);
  try {
    const [[row]] = await primary.query<RowDataPacket[]>('SELECT @@gtid_binlog_pos AS pos');
    const replica = await connectDb(stack, stack.replicaPorts[index - 1]!);
    try {
      const [[w]] = await replica.query<RowDataPacket[]>('SELECT MASTER_GTID_WAIT(?, ?) AS r', [row!.pos, timeoutS]);
      if (Number(w!.r) !== 0) throw new Error(`replica${index} did not reach GTID ${row!.pos} within ${timeoutS} s`);
    } finally {
      await replica.end();
    }
  } finally {
    await primary.end();
  }
  return Date.now() - t0;
}

export async function waitForDatabase(stack: Stack, port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const c = await connectDb(stack, port);
      await c.query('SELECT 1');
      await c.end();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(200);
    }
  }
}

// ---------------------------------------------------------------- Redis

export function stopRedis(stack: Stack): void {
  sh(join(cluster, 'redis-instance.sh'), ['stop', join(stack.dir, 'redis')]);
}

export function startRedis(stack: Stack): void {
  sh(join(cluster, 'redis-instance.sh'), ['start', 'redis', String(stack.redisPort), join(stack.dir, 'redis')]);
}

// ---------------------------------------------------------------- backends

/**
 * SIGKILLs backend_n and returns how to start it again: the same command and environment that
 * build.sh gave it (read from /proc before the kill), its log appended, its pid file rewritten.
 */
export async function killBackend(stack: Stack, n: number): Promise<() => Promise<void>> {
  const pidFile = join(stack.dir, 'run', `backend_${n}.pid`);
  const pid = pidFrom(pidFile);
  const env = Object.fromEntries(
    readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter((kv) => kv.includes('='))
      .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
  await killHard(pid, `backend_${n}`);
  return async () => {
    const logFile = join(stack.dir, 'logs', `backend_${n}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn('node', ['backend/dist/main.js'], { cwd: root, env, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.unref();
    writeFileSync(pidFile, `${child.pid}\n`);
    const port = stack.backendPorts[n - 1]!;
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (!alive(child.pid!)) throw new Error(`backend_${n} exited during restart; see ${logFile}`);
      if (Date.now() > deadline) throw new Error(`backend_${n} did not answer /healthz within 30 s`);
      await sleep(100);
    }
  };
}

/** The last errors each backend logged (pino JSON lines of level error and above). */
export function stackLogsTail(stack: Stack): string {
  const files = stack.backendPorts.map((_, i) => join(stack.dir, 'logs', `backend_${i + 1}.log`));
  return files
    .filter((f) => existsSync(f))
    .map((f) => {
      const errors = readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => /^\{"level":(50|60)/.test(l))
        .slice(-5)
        .map((l) => {
          const e = JSON.parse(l) as {
            msg?: string;
            path?: string;
            err?: { type?: string; message?: string; code?: string; nativeError?: { code?: string } };
          };
          return `  ${e.msg} ${e.path ?? ''} ${e.err?.type ?? ''} code=${e.err?.code ?? e.err?.nativeError?.code ?? '-'}: ${(e.err?.message ?? '').slice(0, 200)}`;
        });
      return `== ${f}\n${errors.join('\n')}`;
    })
    .join('\n');
}
