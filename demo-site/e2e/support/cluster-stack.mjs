// The distributed stack (build.sh: MariaDB primary and replicas, Redis, three backends, nginx) on
// test ports and in a temporary stack dir, for the cluster e2e suite. It serves the current builds
// (build.sh --no-build), so `npm run build` must have run first and must not run again meanwhile.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertBuilt, repoRoot } from './harness.mjs';

const port = (name, fallback) => Number(process.env[name] || fallback);

/** Ports away from build.sh's defaults, the cluster mocha suite's and the fault suite's. */
export const STACK_PORTS = {
  http: port('VOTEWIRE_E2E_HTTP_PORT', 18280),
  backends: (process.env.VOTEWIRE_E2E_BACKEND_PORTS || '18281,18282,18283').split(',').map(Number),
  primary: port('VOTEWIRE_E2E_PRIMARY_PORT', 13327),
  replicas: (process.env.VOTEWIRE_E2E_REPLICA_PORTS || '13328,13329').split(',').map(Number),
  redis: port('VOTEWIRE_E2E_REDIS_PORT', 16392),
};

function buildSh(root, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    execFile(join(root, 'build.sh'), args, { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err)
        reject(
          new Error(
            `build.sh ${args.join(' ')} failed (${err.signal ?? `exit ${err.code}`}):\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`,
          ),
        );
      else resolve(stdout);
    });
  });
}

/**
 * Starts the stack; resolves with its URL, admin key and backend URLs. `stop()` runs build.sh down
 * (which fails when any port still listens) and removes the stack dir, unless `keep` is set.
 */
export async function startStack() {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'votewire-e2e-cluster-'));
  const root = repoRoot;
  const env = {
    ...process.env,
    VOTEWIRE_STACK_DIR: join(dir, 'stack'),
    VOTEWIRE_HTTP_PORT: String(STACK_PORTS.http),
    VOTEWIRE_BACKEND_PORTS: STACK_PORTS.backends.join(','),
    VOTEWIRE_PRIMARY_PORT: String(STACK_PORTS.primary),
    VOTEWIRE_REPLICA_PORTS: STACK_PORTS.replicas.join(','),
    VOTEWIRE_REDIS_PORT: String(STACK_PORTS.redis),
    // Slow start-ups on a busy 2-core machine; build.sh's default is 60 s.
    VOTEWIRE_READY_TIMEOUT: '120',
  };
  // Not inherited from a developer's shell: build.sh would hand them to the backends.
  delete env.VOTEWIRE_PUBLIC_ORIGINS;
  const stop = async ({ keep = false } = {}) => {
    await buildSh(root, ['down'], env, 120_000);
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  const started = Date.now();
  try {
    await buildSh(root, ['--no-build'], env, 300_000);
  } catch (err) {
    await stop({ keep: true }).catch(() => {});
    throw new Error(`${err.message}\n(logs kept in ${dir}/stack/logs)`);
  }
  return {
    dir,
    url: `http://127.0.0.1:${STACK_PORTS.http}`,
    adminKey: readFileSync(join(dir, 'stack/state/admin-key'), 'utf8').trim(),
    backends: STACK_PORTS.backends.map((p, i) => ({ id: `backend_${i + 1}`, url: `http://127.0.0.1:${p}` })),
    startMs: Date.now() - started,
    stop,
  };
}

/** Connected Socket.IO clients per backend, from each backend's own /metrics (not through nginx). */
export async function socketConnections(stack) {
  const counts = {};
  for (const { id, url } of stack.backends) {
    const text = await (await fetch(`${url}/metrics`)).text();
    const match = text.match(/^votewire_socket_connections(?:\{[^}]*\})? (\d+)$/m);
    if (!match) throw new Error(`${id} /metrics has no votewire_socket_connections:\n${text.slice(0, 500)}`);
    counts[id] = Number(match[1]);
  }
  return counts;
}
