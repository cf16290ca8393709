import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

export type WriteMode = 'single' | 'batched';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** MySQL/MariaDB primary; null selects the embedded SQLite database in `dataDir`. */
  dbWriteUrl: string | null;
  dbReadUrls: string[];
  redisUrl: string | null;
  adminKey: string | null;
  secret: string;
  /** The public ballot log of every poll; with it off nothing is appended and the log routes are 404. */
  ballotLog: boolean;
  /** The 32-byte Ed25519 seed that signs tree heads; null with the log off. */
  logSigningKey: Buffer | null;
  instanceId: string;
  /** Origins this instance is served from; pages there may always vote (the demo, the console). */
  publicOrigins: string[];
  logLevel: string;
  serveStatic: boolean;
  staticRoot: string;
  sdkRoot: string;
  writeMode: WriteMode;
  batch: { maxSize: number; maxWaitMs: number; concurrency: number };
  /** At most one live results message per poll per this interval. */
  broadcastIntervalMs: number;
  /** A ranked poll's runoff rounds are counted at most once per poll per this interval. */
  roundsIntervalMs: number;
  replicaMaxLagMs: number;
  trustProxy: boolean;
  /** Serves /api/v1/bench/*: the no-op routes the benchmark compares against, and polls voted without the ballot log. */
  benchEndpoints: boolean;
  rateLimit: { votesPerMinute: number; tokensPerMinute: number; readsPerMinute: number; authFailuresPerMinute: number };
  /** Who may read /metrics and the detail of /readyz: a bearer token, or clients in these networks. */
  operator: { metricsToken: string | null; networks: string[] };
  /** Socket.IO limits per client IP. */
  sockets: { perIp: number; eventsPerMinute: number };
  /** Serves the `.map` files beside the SDK and the demo's scripts (off: they show the source). */
  serveSourceMaps: boolean;
  webhooks: {
    /** http and loopback/private targets (development and tests only). */
    allowPrivate: boolean;
    /** At most one poll.results event per poll per this many seconds. */
    resultsIntervalSeconds: number;
    /** Multiplies the retry schedule (tests only: 0.001 turns 5 min into 0.3 s). */
    retryScale: number;
  };
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

const repoRoot = resolve(__dirname, '..', '..');

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function fraction(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}, got "${parsed.protocol}"`);
  }
  return raw;
}

/** Comma-separated addresses and CIDR blocks (10.0.0.0/8, ::1/128), each checked. */
function networks(env: Env, name: string, fallback: string): string[] {
  const list = (env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const max = family === 6 ? 128 : 32;
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new ConfigError(`${name} must list IP addresses or CIDR blocks such as 10.0.0.0/8, got "${entry}"`);
    }
  }
  return list;
}

/** The embedded mode keeps a generated secret beside its database so tokens survive restarts. */
function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/** The embedded mode generates its tree-head signing key on first start and keeps it the same way. */
function embeddedLogKey(dataDir: string): string {
  const file = join(dataDir, 'log-signing-key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

function logSigningKey(env: Env, dataDir: string, serverDatabase: boolean): Buffer {
  let hex = env.VOTEWIRE_LOG_SIGNING_KEY || '';
  if (!hex) {
    // Every instance must sign with the same key, so a server database requires it to be given.
    if (serverDatabase)
      throw new ConfigError('VOTEWIRE_LOG_SIGNING_KEY is required with VOTEWIRE_DB_WRITE_URL (or set VOTEWIRE_BALLOT_LOG=false)');
    hex = embeddedLogKey(dataDir);
  }
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new ConfigError('VOTEWIRE_LOG_SIGNING_KEY must be 64 hex characters (a 32-byte Ed25519 private key)');
  return Buffer.from(hex, 'hex');
}

/** Reads and validates every VOTEWIRE_ variable once; nothing else reads process.env. */
export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.VOTEWIRE_DATA_DIR || join(repoRoot, 'data'));
  const dbWriteUrl = url(env, 'VOTEWIRE_DB_WRITE_URL', ['mysql:', 'mariadb:']);
  const dbReadUrls = (env.VOTEWIRE_DB_READ_URLS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  dbReadUrls.forEach((u, i) => url({ [`VOTEWIRE_DB_READ_URLS[${i}]`]: u }, `VOTEWIRE_DB_READ_URLS[${i}]`, ['mysql:', 'mariadb:']));
  if (dbReadUrls.length > 0 && !dbWriteUrl) {
    throw new ConfigError('VOTEWIRE_DB_READ_URLS needs VOTEWIRE_DB_WRITE_URL (replicas of which primary?)');
  }

  const writeMode = env.VOTEWIRE_WRITE_MODE || 'batched';
  if (writeMode !== 'single' && writeMode !== 'batched') {
    throw new ConfigError(`VOTEWIRE_WRITE_MODE must be "batched" or "single", got "${writeMode}"`);
  }

  const adminKey = env.VOTEWIRE_ADMIN_KEY || null;
  if (adminKey !== null && adminKey.length < 24) {
    throw new ConfigError('VOTEWIRE_ADMIN_KEY must be at least 24 characters');
  }

  const metricsToken = env.VOTEWIRE_METRICS_TOKEN || null;
  if (metricsToken !== null && metricsToken.length < 24) {
    throw new ConfigError('VOTEWIRE_METRICS_TOKEN must be at least 24 characters');
  }

  let secret = env.VOTEWIRE_SECRET || '';
  if (secret && secret.length < 32) throw new ConfigError('VOTEWIRE_SECRET must be at least 32 characters');
  mkdirSync(dataDir, { recursive: true });
  if (!secret) {
    // Several instances must share one secret, so a server database requires it to be given.
    if (dbWriteUrl) throw new ConfigError('VOTEWIRE_SECRET is required with VOTEWIRE_DB_WRITE_URL');
    secret = embeddedSecret(dataDir);
  }

  const ballotLog = bool(env, 'VOTEWIRE_BALLOT_LOG', true);

  const port = int(env, 'VOTEWIRE_PORT', 8080, 0, 65535);
  const publicOrigins = (env.VOTEWIRE_PUBLIC_ORIGINS || `http://localhost:${port},http://127.0.0.1:${port}`)
    .split(',')
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);

  return {
    port,
    host: env.VOTEWIRE_HOST || '0.0.0.0',
    dataDir,
    dbWriteUrl,
    dbReadUrls,
    redisUrl: url(env, 'VOTEWIRE_REDIS_URL', ['redis:', 'rediss:']),
    adminKey,
    secret,
    ballotLog,
    logSigningKey: ballotLog ? logSigningKey(env, dataDir, Boolean(dbWriteUrl)) : null,
    instanceId: env.VOTEWIRE_INSTANCE_ID || 'backend_1',
    publicOrigins,
    logLevel: env.VOTEWIRE_LOG_LEVEL || 'info',
    serveStatic: bool(env, 'VOTEWIRE_SERVE_STATIC', true),
    staticRoot: resolve(env.VOTEWIRE_STATIC_ROOT || join(repoRoot, 'demo-site', 'dist')),
    sdkRoot: resolve(env.VOTEWIRE_SDK_ROOT || join(repoRoot, 'sdk', 'dist', 'cdn')),
    writeMode,
    batch: {
      maxSize: int(env, 'VOTEWIRE_BATCH_MAX_SIZE', 250, 1, 5000),
      maxWaitMs: int(env, 'VOTEWIRE_BATCH_MAX_WAIT_MS', 2, 0, 1000),
      concurrency: int(env, 'VOTEWIRE_BATCH_CONCURRENCY', 1, 1, 16),
    },
    broadcastIntervalMs: int(env, 'VOTEWIRE_BROADCAST_INTERVAL_MS', 250, 10, 10_000),
    roundsIntervalMs: int(env, 'VOTEWIRE_ROUNDS_INTERVAL_MS', 1000, 50, 60_000),
    replicaMaxLagMs: int(env, 'VOTEWIRE_REPLICA_MAX_LAG_MS', 1000, 0, 3_600_000),
    benchEndpoints: bool(env, 'VOTEWIRE_BENCH_ENDPOINTS', false),
    trustProxy: bool(env, 'VOTEWIRE_TRUST_PROXY', Boolean(dbWriteUrl)),
    rateLimit: {
      votesPerMinute: int(env, 'VOTEWIRE_RATE_VOTES_PER_MINUTE', 120, 1, 10_000_000),
      tokensPerMinute: int(env, 'VOTEWIRE_RATE_TOKENS_PER_MINUTE', 60, 1, 10_000_000),
      readsPerMinute: int(env, 'VOTEWIRE_RATE_READS_PER_MINUTE', 1200, 1, 10_000_000),
      authFailuresPerMinute: int(env, 'VOTEWIRE_RATE_AUTH_FAILURES_PER_MINUTE', 30, 1, 10_000_000),
    },
    operator: { metricsToken, networks: networks(env, 'VOTEWIRE_METRICS_NETWORKS', '127.0.0.0/8,::1') },
    sockets: {
      perIp: int(env, 'VOTEWIRE_SOCKETS_PER_IP', 100, 1, 1_000_000),
      eventsPerMinute: int(env, 'VOTEWIRE_RATE_SOCKET_EVENTS_PER_MINUTE', 600, 1, 10_000_000),
    },
    serveSourceMaps: bool(env, 'VOTEWIRE_SERVE_SOURCE_MAPS', false),
    webhooks: {
      allowPrivate: bool(env, 'VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE', false),
      resultsIntervalSeconds: int(env, 'VOTEWIRE_WEBHOOKS_RESULTS_INTERVAL_SECONDS', 10, 1, 86_400),
      retryScale: fraction(env, 'VOTEWIRE_WEBHOOKS_RETRY_SCALE', 1, 0.0001, 1),
    },
  };
}
