// The distributed stack that ./build.sh runs: a real MariaDB primary and two replicas,
// Redis, the backends and nginx, on test ports beside any stack already running.
// Run from backend/: npx mocha --config test/cluster/.mocharc.json
import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { buildSh, root, stackEnv, stackPorts } from './support/stack';

const ports = stackPorts(0);

function run(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): SpawnSyncReturns<string> {
  return spawnSync(buildSh, args, { cwd: root, env, encoding: 'utf8', timeout: timeoutMs });
}

function mustRun(args: string[], env: NodeJS.ProcessEnv): string {
  const r = run(args, env);
  assert.equal(r.status, 0, `./build.sh ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function listening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited child stays a zombie until it is reaped; it holds no port and counts as stopped.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** Every pid the stack recorded: backends and nginx under run/, MariaDB and Redis beside their data. */
function stackPids(stackDir: string): number[] {
  const files = [
    ...readdirSync(join(stackDir, 'run'))
      .filter((f) => f.endsWith('.pid'))
      .map((f) => join(stackDir, 'run', f)),
    ...['primary', 'replica1', 'replica2'].map((n) => join(stackDir, 'mariadb', n, 'mariadbd.pid')),
    join(stackDir, 'redis', 'redis.pid'),
  ];
  return files.filter((f) => existsSync(f)).map((f) => Number(readFileSync(f, 'utf8').trim()));
}

function httpGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: ports.http, path, headers, agent: false }, (res) => {
      res.resume();
      res.once('end', () => done({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.once('upgrade', (res, socket) => {
      socket.destroy();
      done({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.once('error', fail);
    req.setTimeout(10_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end();
  });
}

describe('build.sh: the local distributed stack', function () {
  let stackDir: string;
  let env: NodeJS.ProcessEnv;
  let appPassword: string;
  const open: Connection[] = [];
  /** The operator's own key: build.sh must hand it to the backends instead of generating one. */
  const adminKey = `cluster-admin-${randomBytes(12).toString('hex')}`;

  async function db(port: number): Promise<Connection> {
    const conn = await createConnection({ host: '127.0.0.1', port, user: 'votewire', password: appPassword, database: 'votewire' });
    open.push(conn);
    return conn;
  }

  /** Waits on each replica until it has applied the primary's binlog up to now. */
  async function replicasCaughtUp(primary: Connection): Promise<void> {
    const [[{ pos }]] = await primary.query<RowDataPacket[]>('SELECT @@gtid_binlog_pos AS pos');
    for (const port of ports.replicas) {
      const replica = await db(port);
      const [[{ r }]] = await replica.query<RowDataPacket[]>('SELECT MASTER_GTID_WAIT(?, 10) AS r', [pos]);
      assert.equal(Number(r), 0, `replica on ${port} did not reach GTID ${pos} within 10 s`);
    }
  }

  before(function () {
    this.timeout(180_000);
    assert.ok(
      existsSync(join(root, 'backend/dist/main.js')) && existsSync(join(root, 'db/init')),
      'the stack runs the built backend: run `npm run build` at the repository root first',
    );
    stackDir = mkdtempSync(join(tmpdir(), 'votewire-stack-'));
    env = stackEnv(stackDir, ports, { VOTEWIRE_ADMIN_KEY: adminKey });
    const started = Date.now();
    const out = mustRun(['--no-build'], env);
    console.log(`      stack started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.match(out, new RegExp(`admin key\\s+${adminKey}$`, 'm'));
    appPassword = readFileSync(join(stackDir, 'state/db-app-password'), 'utf8').trim();
  });

  afterEach(async function () {
    await Promise.all(open.splice(0).map((c) => c.end().catch(() => undefined)));
  });

  after(function () {
    this.timeout(60_000);
    if (!stackDir) return;
    run(['down'], env);
    rmSync(stackDir, { recursive: true, force: true });
  });

  it('reports every part up, with both replicas replicating', function () {
    const out = mustRun(['status'], env);
    for (const part of ['primary', 'replica1', 'replica2', 'redis', 'backend_1', 'backend_2', 'backend_3', 'nginx']) {
      assert.match(out, new RegExp(`^${part}\\s+up\\b`, 'm'), out);
    }
    assert.equal(out.match(/io=Yes sql=Yes lag=\d+s/g)?.length, 2, out);
  });

  it('replicates a write on the primary to both replicas', async function () {
    const primary = await db(ports.primary);
    await primary.query('CREATE TABLE IF NOT EXISTS cluster_probe (id INT AUTO_INCREMENT PRIMARY KEY, token VARCHAR(64) NOT NULL)');
    const token = `probe-${process.pid}-${Date.now()}`;
    await primary.query('INSERT INTO cluster_probe (token) VALUES (?)', [token]);
    await replicasCaughtUp(primary);
    for (const port of ports.replicas) {
      const replica = await db(port);
      const [rows] = await replica.query<RowDataPacket[]>('SELECT token FROM cluster_probe WHERE token = ?', [token]);
      assert.deepEqual(
        rows.map((r) => r.token),
        [token],
        `replica on ${port}`,
      );
    }
  });

  it('runs a durable, GTID-strict primary and read-only parallel replicas', async function () {
    const primary = await db(ports.primary);
    const [[p]] = await primary.query<RowDataPacket[]>(
      'SELECT @@innodb_flush_log_at_trx_commit AS flush, @@sync_binlog AS sync, @@gtid_strict_mode AS strict, @@read_only AS ro, @@log_bin AS binlog',
    );
    assert.deepEqual({ ...p }, { flush: 1, sync: 1, strict: 1, ro: 0, binlog: 1 });
    for (const port of ports.replicas) {
      const replica = await db(port);
      const [[r]] = await replica.query<RowDataPacket[]>(
        'SELECT @@read_only AS ro, @@slave_parallel_threads AS threads, @@slave_parallel_mode AS mode, @@gtid_strict_mode AS strict',
      );
      assert.deepEqual({ ...r }, { ro: 1, threads: 4, mode: 'optimistic', strict: 1 }, `replica on ${port}`);
    }
  });

  it('refuses application writes on a replica, so GTID replication cannot be broken by the app', async function () {
    const replica = await db(ports.replicas[0]);
    await assert.rejects(replica.query('CREATE TABLE cluster_forbidden (id INT)'), (err: { errno?: number }) => err.errno === 1290);
  });

  it('lets the application user watch replica lag and the primary GTID position', async function () {
    const replica = await db(ports.replicas[1]);
    const [[status]] = await replica.query<RowDataPacket[]>('SHOW SLAVE STATUS');
    assert.equal(status.Slave_IO_Running, 'Yes');
    assert.equal(status.Slave_SQL_Running, 'Yes');
    assert.equal(typeof status.Seconds_Behind_Master, 'number');
    assert.equal(status.Using_Gtid, 'Slave_Pos');
    const primary = await db(ports.primary);
    const [[{ pos }]] = await primary.query<RowDataPacket[]>('SELECT @@gtid_binlog_pos AS pos');
    assert.match(String(pos), /^0-1-\d+$/);
  });

  it('accepts no root login over TCP', async function () {
    await assert.rejects(
      createConnection({ host: '127.0.0.1', port: ports.primary, user: 'root' }),
      (err: { errno?: number }) => err.errno === 1045,
    );
  });

  it('keeps the generated secrets private to their owner', function () {
    for (const name of ['secret', 'db-app-password', 'db-repl-password']) {
      const mode = statSync(join(stackDir, 'state', name)).mode & 0o777;
      assert.equal(mode.toString(8), '600', name);
    }
  });

  it('makes VOTEWIRE_ADMIN_KEY from the environment the admin key on every backend, generating none', async function () {
    assert.ok(!existsSync(join(stackDir, 'state/admin-key')), 'no admin key was generated');
    const servedBy = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await httpGet('/api/v1/site', { Authorization: `Bearer ${adminKey}` });
      assert.equal(res.status, 200);
      servedBy.add(String(res.headers['x-served-by']));
    }
    assert.deepEqual([...servedBy].sort(), ['backend_1', 'backend_2', 'backend_3']);
    const wrong = await httpGet('/api/v1/site', { Authorization: `Bearer ${adminKey.replace(/.$/, (c) => (c === '0' ? '1' : '0'))}` });
    assert.equal(wrong.status, 401);
  });

  it('spreads API requests through nginx over all three backends', async function () {
    const servedBy = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await httpGet('/api/v1/polls');
      servedBy.add(String(res.headers['x-served-by']));
    }
    assert.deepEqual([...servedBy].sort(), ['backend_1', 'backend_2', 'backend_3']);
  });

  it('serves the demo site and the SDK from nginx with the backend’s page headers', async function () {
    const page = await httpGet('/');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    assert.equal(page.headers['x-frame-options'], 'DENY');
    assert.equal(page.headers['x-served-by'], undefined, 'static files never reach a backend');
    const sdkFile = readdirSync(join(root, 'sdk/dist/cdn')).find((f) => f.endsWith('.js'));
    assert.ok(sdkFile, 'sdk/dist/cdn holds the built SDK');
    const sdk = await httpGet(`/sdk/${sdkFile}`);
    assert.equal(sdk.status, 200);
    assert.equal(sdk.headers['access-control-allow-origin'], '*');
  });

  it('passes websocket upgrades for Socket.IO through nginx', async function () {
    const res = await httpGet('/socket.io/?EIO=4&transport=websocket', {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': Buffer.from('votewire-cluster').toString('base64'),
    });
    assert.equal(res.status, 101);
  });

  it('configures nginx to outlast Socket.IO’s ping on quiet connections (read timeout > 45 s) and to balance without ip_hash', function () {
    const conf = readFileSync(join(stackDir, 'nginx/nginx.conf'), 'utf8');
    const socketIo = conf.slice(conf.indexOf('location /socket.io/'), conf.indexOf('}', conf.indexOf('location /socket.io/')));
    const readTimeout = Number(/proxy_read_timeout\s+(\d+)s;/.exec(socketIo)?.[1]);
    assert.ok(readTimeout > 45, `proxy_read_timeout ${readTimeout}s must exceed pingInterval + pingTimeout (45 s)`);
    assert.match(conf, /^\s*least_conn;/m);
    assert.doesNotMatch(conf, /^\s*ip_hash;/m);
  });

  it('ends in the same running stack when run twice, keeping data and secrets', async function () {
    this.timeout(180_000);
    const primary = await db(ports.primary);
    const token = `kept-${process.pid}-${Date.now()}`;
    await primary.query('CREATE TABLE IF NOT EXISTS cluster_probe (id INT AUTO_INCREMENT PRIMARY KEY, token VARCHAR(64) NOT NULL)');
    await primary.query('INSERT INTO cluster_probe (token) VALUES (?)', [token]);
    await primary.end();
    open.splice(open.indexOf(primary), 1);
    const secret = readFileSync(join(stackDir, 'state/secret'), 'utf8');
    const before = stackPids(stackDir);

    mustRun(['--no-build'], env);

    assert.equal(readFileSync(join(stackDir, 'state/secret'), 'utf8'), secret);
    assert.ok(
      before.every((pid) => !alive(pid)),
      'the first run’s processes were all stopped',
    );
    const out = mustRun(['status'], env);
    assert.doesNotMatch(out, /\bdown\b/, out);
    const again = await db(ports.primary);
    await replicasCaughtUp(again);
    for (const port of ports.replicas) {
      const replica = await db(port);
      const [rows] = await replica.query<RowDataPacket[]>('SELECT token FROM cluster_probe WHERE token = ?', [token]);
      assert.equal(rows.length, 1, `replica on ${port} kept the row`);
    }
  });

  it('leaves no process and no listening port after ./build.sh down', async function () {
    this.timeout(60_000);
    const pids = stackPids(stackDir);
    assert.ok(pids.length >= 8, `expected 8 recorded pids, found ${pids.length}`);
    mustRun(['down'], env);
    assert.deepEqual(pids.filter(alive), []);
    const all = [ports.primary, ...ports.replicas, ports.redis, ports.http, ...ports.backends];
    const stillOpen = [];
    for (const port of all) if (await listening(port)) stillOpen.push(port);
    assert.deepEqual(stillOpen, []);
    assert.notEqual(run(['status'], env).status, 0, 'status reports a stopped stack as not up');
  });
});

describe('build.sh: errors an operator can act on', function () {
  it('names the Debian package when a program is missing, and exits non-zero', function () {
    // A PATH with everything the machine has except redis-server.
    const bin = mkdtempSync(join(tmpdir(), 'votewire-path-'));
    const stackDir = mkdtempSync(join(tmpdir(), 'votewire-stack-'));
    try {
      for (const dir of ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
        if (!existsSync(dir)) continue;
        for (const name of readdirSync(dir)) {
          if (name === 'redis-server' || existsSync(join(bin, name))) continue;
          symlinkSync(join(dir, name), join(bin, name));
        }
      }
      const r = run(['--no-build'], { ...stackEnv(stackDir, ports), PATH: bin });
      assert.equal(r.status, 127, r.stderr);
      assert.match(r.stderr, /redis-server.*Debian package redis-server/);
    } finally {
      rmSync(bin, { recursive: true, force: true });
      rmSync(stackDir, { recursive: true, force: true });
    }
  });

  it('says clearly that no Docker engine is available for --docker', function () {
    if (spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0) this.skip();
    const stackDir = mkdtempSync(join(tmpdir(), 'votewire-stack-'));
    try {
      const r = run(['--docker'], stackEnv(stackDir, ports));
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /(no Docker engine is available|docker CLI is not installed)/);
    } finally {
      rmSync(stackDir, { recursive: true, force: true });
    }
  });
});

describe('docker-compose.yml', function () {
  const compose = (args: string[]) =>
    spawnSync('docker-compose', ['-f', join(root, 'docker-compose.yml'), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });

  before(function () {
    if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status !== 0) {
      console.log('      docker-compose is not installed (Debian package docker-compose): skipping');
      this.skip();
    }
  });

  it('validates with docker-compose config -q, given the secrets build.sh --docker generates', function () {
    const dir = mkdtempSync(join(tmpdir(), 'votewire-compose-'));
    try {
      const envFile = join(dir, 'compose.env');
      writeFileSync(
        envFile,
        [
          'VOTEWIRE_SECRET=s',
          'VOTEWIRE_LOG_SIGNING_KEY=l',
          'VOTEWIRE_ADMIN_KEY=k',
          'VOTEWIRE_METRICS_TOKEN=m',
          'VOTEWIRE_DB_PASSWORD=p',
          'VOTEWIRE_DB_REPL_PASSWORD=r',
          'VOTEWIRE_DB_ROOT_PASSWORD=x',
        ].join('\n'),
      );
      const r = compose(['--env-file', envFile, 'config', '-q']);
      assert.equal(r.status, 0, r.stderr);
      const full = compose(['--env-file', envFile, 'config', '--services']);
      assert.deepEqual(full.stdout.trim().split('\n').sort(), [
        'backend-1',
        'backend-2',
        'backend-3',
        'db-init',
        'nginx',
        'primary',
        'redis',
        'replica-1',
        'replica-2',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to run without the generated secrets rather than with blank passwords', function () {
    const r = spawnSync('docker-compose', ['-f', join(root, 'docker-compose.yml'), 'config', '-q'], {
      cwd: root,
      encoding: 'utf8',
      env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VOTEWIRE_'))),
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /build\.sh --docker/);
  });
});
