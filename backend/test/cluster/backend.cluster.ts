// The backends on the distributed stack: reads on the replicas, read-your-writes with a
// replica behind, replicas stopped and restarted, live results shared between instances through
// Redis, and nginx routing around a stopped backend. Everything runs against a real stack started
// by ./build.sh on its own ports (beside stack.cluster.ts's), through nginx and the real backends.
// Run from backend/: npx mocha --config test/cluster/.mocharc.json
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { io, type Socket } from 'socket.io-client';
import { commitmentOf, optionVotesSql, pollBallotsSql } from '@votewire/db';
import type { AdminPoll, PollChangedEvent, PollResults, RefusedEvent, RoundsEvent, SubscribeAck } from '@votewire/wire';
import { Api } from '../support/api';
import { buildSh, root, stackEnv, stackPorts } from './support/stack';

const instanceSh = join(root, 'db/cluster/mariadb-instance.sh');

// Beside stack.cluster.ts's stack.
const ports = stackPorts(1);
const httpUrl = `http://127.0.0.1:${ports.http}`;
const backendUrl = (n: number) => `http://127.0.0.1:${ports.backends[n - 1]}`;

/**
 * Above the 1 s default so that, on a busy test machine, a replica that stopped applying stays in
 * the read rotation long enough for the read-your-writes reads to reach it before it is dropped.
 */
const MAX_LAG_MS = 2500;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
    await sleep(100);
  }
}

interface ReplicaState {
  name: string;
  up: boolean;
  healthy: boolean;
  lagMs: number | null;
}
interface Readiness {
  status: string;
  instance: string;
  primary: string;
  replicas: ReplicaState[];
}

async function readyz(url: string): Promise<{ status: number; body: Readiness; servedBy: string | null }> {
  const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: (await res.json()) as Readiness, servedBy: res.headers.get('x-served-by') };
}

const replicaOf = (r: Readiness, name: string) => r.replicas.find((x) => x.name === name);

/** One gauge of a backend's /metrics, by label value. */
async function gauge(url: string, name: string, label: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const out: Record<string, number> = {};
  const line = new RegExp(`^${name}\\{([^}]*)\\} (\\S+)$`, 'gm');
  for (const [, labels, value] of text.matchAll(line)) {
    const key = new RegExp(`${label}="([^"]*)"`).exec(labels!)?.[1];
    if (key !== undefined) out[key] = Number(value);
  }
  return out;
}

/** votewire_db_reads_total summed over the three backends, read on each directly. */
async function readsByServer(): Promise<Record<string, number>> {
  const total: Record<string, number> = { primary: 0, replica_1: 0, replica_2: 0 };
  for (let n = 1; n <= 3; n++) {
    for (const [server, count] of Object.entries(await gauge(backendUrl(n), 'votewire_db_reads_total', 'server'))) {
      total[server] = (total[server] ?? 0) + count;
    }
  }
  return total;
}

const delta = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(Object.keys(after).map((k) => [k, after[k]! - (before[k] ?? 0)]));

describe('the backends on the distributed stack: replicas, read-your-writes, live fan-out, nginx', function () {
  let stackDir: string;
  let env: NodeJS.ProcessEnv;
  let appPassword: string;
  let api: Api;
  const open: Connection[] = [];
  const sockets: Socket[] = [];

  const dbDir = (name: string) => join(stackDir, 'mariadb', name);

  async function db(port: number): Promise<Connection> {
    const conn = await createConnection({
      host: '127.0.0.1',
      port,
      user: 'votewire',
      password: appPassword,
      database: 'votewire',
      connectTimeout: 3000,
    });
    open.push(conn);
    return conn;
  }

  /** Root on the server's socket: the application user may neither stop nor start replication. */
  function rootSql(name: string, sql: string): string {
    return execFileSync(instanceSh, ['sql', dbDir(name), '--batch', '--skip-column-names', '-e', sql], {
      encoding: 'utf8',
      timeout: 20_000,
    });
  }

  /** How build.sh starts replica N (start_databases): same port, data dir, server id and options. */
  function startReplica(n: number): void {
    execFileSync(instanceSh, ['start', `replica${n}`, String(ports.replicas[n - 1]), dbDir(`replica${n}`), String(n + 1), '--replica'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
  }

  async function primaryPos(): Promise<string> {
    const primary = await db(ports.primary);
    const [[row]] = await primary.query<RowDataPacket[]>('SELECT @@gtid_binlog_pos AS pos');
    return String(row!.pos);
  }

  /** Every backend's /readyz, read directly (nginx would show only one of them). */
  async function allReady(): Promise<Readiness[]> {
    return Promise.all([1, 2, 3].map(async (n) => (await readyz(backendUrl(n))).body));
  }

  function socketTo(url: string, reconnection = false): Socket {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      timeout: 5000,
    });
    sockets.push(socket);
    return socket;
  }

  function subscribe(socket: Socket, pollId: string): Promise<SubscribeAck> {
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error('subscribe was not acknowledged within 5 s')), 5000);
      socket.emit('subscribe', { pollId }, (ack: SubscribeAck) => {
        clearTimeout(timer);
        done(ack);
      });
    });
  }

  /** Resolves with the first `results` for pollId that `accept` takes, with when it arrived. */
  function nextResults(socket: Socket, pollId: string, accept: (r: PollResults) => boolean, timeoutMs: number) {
    return new Promise<{ results: PollResults; at: number }>((done, fail) => {
      const onResults = (r: PollResults) => {
        if (r.pollId !== pollId || !accept(r)) return;
        clearTimeout(timer);
        socket.off('results', onResults);
        done({ results: r, at: Date.now() });
      };
      const timer = setTimeout(() => {
        socket.off('results', onResults);
        fail(new Error(`no matching results for ${pollId} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.on('results', onResults);
    });
  }

  async function castVote(client: Api, poll: AdminPoll, option: number) {
    const token = await client.voterToken(poll.id);
    const res = await client.vote(poll.id, token, [poll.options[option]!.id]);
    assert.equal(res.status, 201, `vote: ${res.status} ${JSON.stringify(res.body)}`);
    return { token, vote: res.body, servedBy: res.headers.get('x-served-by') };
  }

  before(function () {
    this.timeout(180_000);
    assert.ok(
      existsSync(join(root, 'backend/dist/main.js')) && existsSync(join(root, 'db/init')),
      'the stack runs the built backend: run `npm run build` at the repository root first',
    );
    stackDir = mkdtempSync(join(tmpdir(), 'votewire-backends-'));
    env = stackEnv(stackDir, ports, {
      VOTEWIRE_REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      // Every request comes from 127.0.0.1: per-IP limits are not what this suite is about.
      VOTEWIRE_RATE_VOTES_PER_MINUTE: '100000',
      VOTEWIRE_RATE_TOKENS_PER_MINUTE: '100000',
      VOTEWIRE_RATE_READS_PER_MINUTE: '100000',
    });
    const started = Date.now();
    const r = spawnSync(buildSh, ['--no-build'], { cwd: root, env, encoding: 'utf8', timeout: 170_000 });
    assert.equal(r.status, 0, `./build.sh --no-build exited ${r.status}\n${r.stdout}\n${r.stderr}`);
    console.log(`      stack started in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    appPassword = readFileSync(join(stackDir, 'state/db-app-password'), 'utf8').trim();
    api = new Api(httpUrl, readFileSync(join(stackDir, 'state/admin-key'), 'utf8').trim());
  });

  afterEach(async function () {
    for (const s of sockets.splice(0)) s.close();
    await Promise.all(open.splice(0).map((c) => c.end().catch(() => undefined)));
  });

  after(function () {
    this.timeout(60_000);
    if (!stackDir) return;
    const r = spawnSync(buildSh, ['down'], { cwd: root, env, encoding: 'utf8', timeout: 55_000 });
    if (r.status !== 0) console.log(`      ./build.sh down exited ${r.status}: ${r.stderr}`);
    if (process.env.VOTEWIRE_TEST_KEEP_STACK_DIR) console.log(`      stack dir kept (logs): ${stackDir}`);
    else rmSync(stackDir, { recursive: true, force: true });
  });

  it('answers /readyz and /metrics through nginx and spreads requests over the three backends', async function () {
    const ready = await readyz(httpUrl);
    assert.equal(ready.status, 200);
    assert.equal(ready.body.primary, 'up');
    assert.deepEqual(
      ready.body.replicas.map((r) => [r.name, r.up, r.healthy]),
      [
        ['replica_1', true, true],
        ['replica_2', true, true],
      ],
    );
    const metrics = await fetch(`${httpUrl}/metrics`);
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    // A server appears in votewire_db_reads_total once this backend has read from it.
    assert.match(text, /^votewire_db_reads_total\{[^}]*server="(primary|replica_\d)"[^}]*\} \d+$/m);
    assert.match(text, /^votewire_replica_lag_seconds\{[^}]*replica="replica_2"[^}]*\} [\d.e-]+$/m);

    const servedBy = new Map<string, number>();
    for (let i = 0; i < 15; i++) {
      const path = i % 3 === 0 ? '/readyz' : i % 3 === 1 ? '/metrics' : '/api/v1/openapi.json';
      const res = await fetch(httpUrl + path);
      assert.equal(res.status, 200, path);
      await res.arrayBuffer();
      const by = res.headers.get('x-served-by') ?? 'none';
      servedBy.set(by, (servedBy.get(by) ?? 0) + 1);
    }
    assert.deepEqual([...servedBy.keys()].sort(), ['backend_1', 'backend_2', 'backend_3'], JSON.stringify([...servedBy]));
  });

  it('replicates a poll created and a vote cast through nginx to both replicas', async function () {
    const poll = await api.createPoll({ question: 'Replicated?' });
    const { vote } = await castVote(api, poll, 1);
    for (const port of ports.replicas) {
      const replica = await db(port);
      const seen = await waitFor(`poll and ballot on the replica at ${port}`, 10_000, async () => {
        const [[p]] = await replica.query<RowDataPacket[]>(
          `SELECT question, ${pollBallotsSql('polls.id')} AS ballot_count FROM polls WHERE id = ?`,
          [poll.id],
        );
        const [ballots] = await replica.query<RowDataPacket[]>('SELECT choices FROM ballots WHERE poll_id = ? AND commitment = ?', [
          poll.id,
          commitmentOf(vote.receipt),
        ]);
        return p && ballots.length === 1 && Number(p.ballot_count) === 1 ? { p, ballot: ballots[0]! } : undefined;
      });
      assert.equal(seen.p.question, 'Replicated?');
      assert.deepEqual(JSON.parse(String(seen.ballot.choices)), [poll.options[1]!.id]);
      const [options] = await replica.query<RowDataPacket[]>(
        `SELECT id, ${optionVotesSql('poll_options.id')} AS votes FROM poll_options WHERE poll_id = ? ORDER BY position`,
        [poll.id],
      );
      assert.deepEqual(
        options.map((o) => Number(o.votes)),
        [0, 1, 0],
        `tallies on the replica at ${port}`,
      );
    }
  });

  it('numbers the ballot log densely while the three backends write one poll at once, and signs one head', async function () {
    this.timeout(120_000);
    const poll = await api.createPoll({ question: 'Dense log?', allowVoteChange: true });
    const tokens = await Promise.all(Array.from({ length: 300 }, () => api.voterToken(poll.id)));
    const servedBy = new Set<string>();
    const cast = async (token: string, option: number) => {
      const res = await api.vote(poll.id, token, [poll.options[option % 3]!.id]);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      servedBy.add(res.headers.get('x-served-by') ?? 'none');
    };
    // 300 new voters, then 100 of them changing while the other 200 vote again as changes too.
    for (let i = 0; i < 300; i += 60) await Promise.all(tokens.slice(i, i + 60).map((t, j) => cast(t, i + j)));
    await Promise.all(tokens.slice(0, 150).map((t, j) => cast(t, j + 1)));
    assert.deepEqual([...servedBy].sort(), ['backend_1', 'backend_2', 'backend_3'], 'the votes went through all three backends');

    const primary = await db(ports.primary);
    const [rows] = await primary.query<RowDataPacket[]>('SELECT seq FROM ballot_log WHERE poll_id = ? ORDER BY seq', [poll.id]);
    assert.deepEqual(
      rows.map((r) => Number(r.seq)),
      Array.from({ length: 450 }, (_, i) => i),
      'seqs 0..449, no gap and no duplicate',
    );
    const [[size]] = await primary.query<RowDataPacket[]>('SELECT size FROM ballot_log_sizes WHERE poll_id = ?', [poll.id]);
    assert.equal(Number(size!.size), 450);
    const pos = await primaryPos();
    for (const port of ports.replicas) {
      const [[w]] = await (await db(port)).query<RowDataPacket[]>('SELECT MASTER_GTID_WAIT(?, 10) AS r', [pos]);
      assert.equal(Number(w!.r), 0, `the replica at ${port} caught up`);
    }
    // Every instance signs with the one key build.sh gave them, listed once.
    const keys = (await api.request('GET', '/api/v1/log-keys')).body.keys as unknown[];
    assert.equal(keys.length, 1);
    const heads = await Promise.all(
      [1, 2, 3].map(async (n) => (await new Api(backendUrl(n), '').request('GET', `/api/v1/polls/${poll.id}/log`)).body),
    );
    for (const head of heads) assert.deepEqual([head.treeSize, head.keyId], [450, heads[0].keyId]);
    assert.equal(new Set(heads.map((h) => h.rootHash)).size, 1, 'the three backends compute one root');
    // A voter asking right after voting gets a head that holds the new ballot, whatever a replica has.
    for (let i = 0; i < 5; i++) {
      const token = await api.voterToken(poll.id);
      const vote = await api.vote(poll.id, token, [poll.options[0]!.id]);
      const head = await api.request('GET', `/api/v1/polls/${poll.id}/log`, { headers: { 'X-Voter-Token': token } });
      assert.ok(
        head.body.treeSize >= vote.body.results!.treeSize!,
        `head ${head.body.treeSize} holds the vote's ${vote.body.results!.treeSize}`,
      );
    }
  });

  it('serves public reads from both replicas and none from the primary', async function () {
    const poll = await api.createPoll({ question: 'Where do reads go?' });
    await castVote(api, poll, 0);
    // Results are cached for a second; a voter token makes every read look up the voter's ballot.
    const token = await api.voterToken(poll.id);
    const before = await readsByServer();
    const gets = 30;
    for (let i = 0; i < gets; i++) {
      const res = i % 2 ? await api.publicPoll(poll.id, token) : await api.results(poll.id, { token });
      assert.equal(res.status, 200);
    }
    const reads = delta(await readsByServer(), before);
    assert.ok(reads.replica_1! > 0 && reads.replica_2! > 0, `both replicas serve reads: ${JSON.stringify(reads)}`);
    assert.equal(reads.primary, 0, `no read fell back to the primary: ${JSON.stringify(reads)}`);
    assert.ok(reads.replica_1! + reads.replica_2! >= gets, `every GET read a replica: ${JSON.stringify(reads)}`);
  });

  it('keeps reads working with a replica killed, marks it down, and takes it back once restarted and caught up', async function () {
    this.timeout(90_000);
    const poll = await api.createPoll({ question: 'Replica down?' });
    await castVote(api, poll, 0);
    const token = await api.voterToken(poll.id);
    await waitFor('the poll on replica 2', 10_000, async () => {
      const [rows] = await (await db(ports.replicas[1]!)).query<RowDataPacket[]>('SELECT id FROM polls WHERE id = ?', [poll.id]);
      return rows.length === 1;
    });

    const pid = Number(readFileSync(join(dbDir('replica2'), 'mariadbd.pid'), 'utf8').trim());
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    let restarted = false;
    // Reads straight after the kill, while the backends still have replica 2 in rotation; checked
    // at the end, so that the rest is proved (and replica 2 restarted) even when some failed.
    const failures: string[] = [];
    let reads = 0;
    try {
      while (Date.now() - killedAt < 3000) {
        const res = reads % 2 ? await api.publicPoll(poll.id, token) : await api.results(poll.id, { token });
        reads++;
        if (res.status !== 200) failures.push(`${res.status} from ${res.headers.get('x-served-by')}: ${JSON.stringify(res.body)}`);
      }

      const down = await waitFor('every backend marks replica 2 down', 5000, async () => {
        const all = await allReady();
        return all.every((r) => replicaOf(r, 'replica_2')?.up === false && replicaOf(r, 'replica_2')?.healthy === false) && all;
      });
      for (const r of down) assert.equal(replicaOf(r, 'replica_1')?.healthy, true, `${r.instance} keeps replica 1`);
      const viaNginx = await readyz(httpUrl);
      assert.equal(viaNginx.status, 200, 'a replica down is not a reason to take a backend out');
      assert.equal(replicaOf(viaNginx.body, 'replica_2')?.up, false);

      // Reads now go to replica 1 only; a vote while replica 2 is down must reach it later.
      const before = await readsByServer();
      for (let i = 0; i < 10; i++) assert.equal((await api.results(poll.id, { token })).status, 200);
      const spread = delta(await readsByServer(), before);
      assert.equal(spread.replica_2, 0, JSON.stringify(spread));
      assert.ok(spread.replica_1! >= 10, JSON.stringify(spread));
      const missed = await castVote(api, poll, 2);

      const restartAt = Date.now();
      startReplica(2);
      restarted = true;
      const answering = Date.now();
      await waitFor('every backend takes replica 2 back', 10_000, async () =>
        (await allReady()).every((r) => replicaOf(r, 'replica_2')?.healthy === true),
      );
      const rejoinedMs = Date.now() - answering;
      console.log(`      replica 2 restarted in ${answering - restartAt} ms, back in rotation ${rejoinedMs} ms later`);
      assert.ok(rejoinedMs < 5000, `rejoined after ${rejoinedMs} ms`);

      const pos = await primaryPos();
      const replica = await db(ports.replicas[1]!);
      const [[w]] = await replica.query<RowDataPacket[]>('SELECT MASTER_GTID_WAIT(?, 10) AS r', [pos]);
      assert.equal(Number(w!.r), 0, `replica 2 caught up to ${pos}`);
      const [ballots] = await replica.query<RowDataPacket[]>('SELECT id FROM ballots WHERE commitment = ?', [
        commitmentOf(missed.vote.receipt),
      ]);
      assert.equal(ballots.length, 1, 'the vote cast while replica 2 was down reached it');
      const [[status]] = await replica.query<RowDataPacket[]>('SHOW SLAVE STATUS');
      assert.equal(status!.Slave_IO_Running, 'Yes');
      assert.equal(status!.Slave_SQL_Running, 'Yes');
      assert.equal(status!.Using_Gtid, 'Slave_Pos');
    } finally {
      // Later tests need both replicas, whatever failed above.
      if (!restarted) startReplica(2);
    }

    const again = await readsByServer();
    for (let i = 0; i < 12; i++) assert.equal((await api.results(poll.id, { token })).status, 200);
    assert.ok(delta(await readsByServer(), again).replica_2! > 0, 'replica 2 serves reads again');
    assert.deepEqual(failures, [], `${failures.length} of ${reads} GETs failed in the 3 s after replica 2 was killed`);
  });

  it('shows voters their own vote while a replica’s SQL thread is stopped, drops it once it lags, and takes it back', async function () {
    this.timeout(60_000);
    await waitFor('both replicas in rotation on every backend', 15_000, async () =>
      (await allReady()).every((r) => r.replicas.every((x) => x.healthy)),
    );
    const poll = await api.createPoll({ question: 'Read your writes?' });
    const changing = await api.createPoll({ question: 'Changed my mind?', allowVoteChange: true });
    await castVote(api, poll, 0);
    const first = await castVote(api, changing, 0);
    const pos = await primaryPos();
    const replica1 = await db(ports.replicas[0]!);
    const [[w]] = await replica1.query<RowDataPacket[]>('SELECT MASTER_GTID_WAIT(?, 10) AS r', [pos]);
    assert.equal(Number(w!.r), 0, 'replica 1 holds both polls and the first ballots before it stops applying');

    // Checked at the end, so that the lag detection and the return are proved even when some fail.
    const wrong: string[] = [];
    let count = 0;
    rootSql('replica1', 'STOP SLAVE SQL_THREAD');
    try {
      const before = await readsByServer();
      // A new ballot replica 1 lacks, and a changed ballot whose old choice replica 1 still holds.
      const { token, vote } = await castVote(api, poll, 1);
      const change = await api.vote(changing.id, first.token, [changing.options[2]!.id]);
      const votedAt = Date.now();
      assert.equal(change.status, 201, JSON.stringify(change.body));
      assert.equal(change.body.changed, true);
      assert.equal(vote.results?.totalBallots, 2);
      const [stale] = await replica1.query<RowDataPacket[]>('SELECT id FROM ballots WHERE commitment = ?', [commitmentOf(vote.receipt)]);
      assert.equal(stale.length, 0, 'replica 1 does not have the new ballot');
      const expected = [
        { what: 'new vote', poll, token, optionIds: [poll.options[1]!.id], receipt: vote.receipt, version: vote.version, votes: [1, 1, 0] },
        {
          what: 'changed vote',
          poll: changing,
          token: first.token,
          optionIds: [changing.options[2]!.id],
          receipt: change.body.receipt,
          version: change.body.version,
          votes: [0, 0, 1],
        },
      ];

      // Bursts of parallel reads, so many reach replica 1 before its lag passes the threshold.
      const servedBy = new Set<string>();
      for (let burst = 0; burst < 4; burst++) {
        const replies = await Promise.all(
          Array.from({ length: 12 }, async (_, i) => {
            const e = expected[i % 2]!;
            if (i % 4 < 2) {
              const res = await api.publicPoll(e.poll.id, e.token);
              return { e, res, myVote: res.body.myVote, results: res.body.results };
            }
            const res = await api.results(e.poll.id, { token: e.token });
            return { e, res, myVote: undefined, results: res.status === 200 ? res.body : null };
          }),
        );
        for (const { e, res, myVote, results } of replies) {
          count++;
          const by = String(res.headers.get('x-served-by'));
          servedBy.add(by);
          const problems = [];
          if (res.status !== 200) problems.push(`status ${res.status}`);
          if (
            myVote !== undefined &&
            (JSON.stringify(myVote?.optionIds) !== JSON.stringify(e.optionIds) || myVote?.receipt !== e.receipt)
          ) {
            problems.push(`myVote ${JSON.stringify(myVote)}`);
          }
          if ((results?.version ?? -1) < e.version || JSON.stringify(results?.options.map((o) => o.votes)) !== JSON.stringify(e.votes)) {
            problems.push(`results v${results?.version} ${JSON.stringify(results?.options.map((o) => o.votes))}`);
          }
          if (problems.length) wrong.push(`${e.what} via ${by}: ${problems.join(', ')}`);
        }
      }
      const readsMs = Date.now() - votedAt;
      const reads = delta(await readsByServer(), before);
      console.log(`      ${count} reads in ${readsMs} ms, by server ${JSON.stringify(reads)}`);
      assert.deepEqual([...servedBy].sort(), ['backend_1', 'backend_2', 'backend_3']);
      assert.ok(reads.replica_1! > 0 && reads.replica_2! > 0, `reads reached both replicas: ${JSON.stringify(reads)}`);

      const lagging = await waitFor('every backend drops replica 1 for lag', MAX_LAG_MS + 5000, async () => {
        const all = await allReady();
        return all.every((r) => replicaOf(r, 'replica_1')?.healthy === false) && all;
      });
      for (const r of lagging) {
        const state = replicaOf(r, 'replica_1')!;
        assert.equal(state.up, true, `${r.instance}: replica 1 still answers`);
        assert.ok((state.lagMs ?? 0) > MAX_LAG_MS, `${r.instance}: lag ${state.lagMs} ms above ${MAX_LAG_MS}`);
        assert.equal(replicaOf(r, 'replica_2')?.healthy, true);
      }
      const lags = await gauge(backendUrl(1), 'votewire_replica_lag_seconds', 'replica');
      assert.ok(lags.replica_1! > MAX_LAG_MS / 1000, `votewire_replica_lag_seconds ${JSON.stringify(lags)}`);
    } finally {
      rootSql('replica1', 'START SLAVE SQL_THREAD');
    }
    const back = Date.now();
    await waitFor('every backend takes replica 1 back', 10_000, async () =>
      (await allReady()).every((r) => replicaOf(r, 'replica_1')?.healthy === true && (replicaOf(r, 'replica_1')?.lagMs ?? 0) <= MAX_LAG_MS),
    );
    console.log(`      replica 1 back in rotation ${Date.now() - back} ms after START SLAVE SQL_THREAD`);
    assert.deepEqual(wrong, [], `${wrong.length} of ${count} reads missed the voter's own (new or changed) vote`);
  });

  it('sends a vote posted to backend_3 to a socket on backend_1 within a second, with the new counts', async function () {
    const poll = await api.createPoll({ question: 'Across instances?' });
    await castVote(api, poll, 2);
    const socket = socketTo(backendUrl(1));
    const ack = await subscribe(socket, poll.id);
    assert.ok(ack.ok, JSON.stringify(ack));
    assert.equal(ack.ok && ack.results?.totalBallots, 1);

    const backend3 = new Api(backendUrl(3), api.adminKey);
    const arrived = nextResults(socket, poll.id, (r) => r.totalBallots >= 2, 5000);
    const sentAt = Date.now();
    const { vote, servedBy } = await castVote(backend3, poll, 0);
    assert.equal(servedBy, 'backend_3');
    const { results, at } = await arrived;
    console.log(`      results on backend_1 ${at - sentAt} ms after the vote was sent to backend_3`);
    assert.ok(at - sentAt <= 1000, `arrived after ${at - sentAt} ms`);
    assert.ok(results.version >= vote.version);
    assert.equal(results.totalBallots, 2);
    assert.deepEqual(
      results.options.map((o) => [o.id, o.votes]),
      poll.options.map((o, i) => [o.id, i === 0 || i === 2 ? 1 : 0]),
    );
  });

  it("counts a ranked poll's rounds on one instance per interval and shares them with the sockets that asked, on every backend", async function () {
    const poll = await api.createPoll({ question: 'Shared rounds?', type: 'ranked' });
    const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
    const watchers = [1, 2, 3].map((n) => {
      const socket = socketTo(backendUrl(n));
      const rounds: RoundsEvent[] = [];
      socket.on('rounds', (e: RoundsEvent) => e.pollId === poll.id && rounds.push(e));
      return { socket, rounds };
    });
    for (const { socket } of watchers) {
      const ack = await new Promise<SubscribeAck>((done) => socket.emit('subscribe', { pollId: poll.id, rounds: true }, done));
      assert.ok(ack.ok, JSON.stringify(ack));
    }
    const backend3 = new Api(backendUrl(3), api.adminKey);
    let version = 0;
    for (const ballot of [[a, b], [b, c], [c, b], [b]]) {
      const res = await backend3.vote(poll.id, await backend3.voterToken(poll.id), ballot);
      assert.equal(res.status, 201);
      version = res.body.version!;
    }
    const end = Date.now() + 10_000;
    while (!watchers.every((w) => w.rounds.some((e) => e.version >= version)) && Date.now() < end)
      await new Promise((r) => setTimeout(r, 50));
    const last = watchers.map((w) => w.rounds.find((e) => e.version >= version));
    assert.ok(last.every(Boolean), `rounds on every backend: ${JSON.stringify(watchers.map((w) => w.rounds.map((e) => e.version)))}`);
    assert.deepEqual(last[0]!.rounds.at(-1)!.winnerIds, [b]);
    // One count, shared: the same rounds, counted at the same moment, reached all three.
    assert.deepEqual(last[1], last[0]);
    assert.deepEqual(last[2], last[0]);
  });

  it('routes around a stopped backend, and its websocket clients reconnect to another and get fresh results', async function () {
    this.timeout(60_000);
    const poll = await api.createPoll({ question: 'Backend down?' });
    await castVote(api, poll, 0);

    // Which backend nginx gives the socket is found from each backend's count of connected sockets.
    const countSockets = async () =>
      Promise.all([1, 2, 3].map(async (n) => (await gauge(backendUrl(n), 'votewire_socket_connections', 'instance'))[`backend_${n}`] ?? 0));
    const idle = await countSockets();
    const socket = socketTo(httpUrl, true);
    let connects = 0;
    let latest: PollResults | null = null;
    const acks: SubscribeAck[] = [];
    socket.on('results', (r: PollResults) => {
      if (r.pollId === poll.id && r.version > (latest?.version ?? -1)) latest = r;
    });
    socket.on('connect', () => {
      connects++;
      // A reconnection lands on another backend, whose rooms know nothing of this socket.
      socket.emit('subscribe', { pollId: poll.id }, (ack: SubscribeAck) => {
        acks.push(ack);
        if (ack.ok && ack.results && ack.results.version > (latest?.version ?? -1)) latest = ack.results;
      });
    });
    await waitFor('the socket connects and subscribes', 10_000, async () => acks.length === 1);
    const busy = await countSockets();
    const victim = busy.findIndex((c, i) => c > idle[i]!) + 1;
    assert.ok(victim >= 1, `one backend holds the socket: ${JSON.stringify({ idle, busy })}`);

    const disconnected = new Promise<number>((done) => socket.once('disconnect', () => done(Date.now())));
    const pidFile = join(stackDir, 'run', `backend_${victim}.pid`);
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    process.kill(pid, 'SIGTERM');
    const stoppedAt = Date.now();

    // Requests through nginx while the backend shuts down and after it is gone.
    const failures: string[] = [];
    const servedBy = new Set<string>();
    let requests = 0;
    while (Date.now() - stoppedAt < 4000) {
      const res = requests % 2 ? await api.publicPoll(poll.id) : await api.results(poll.id);
      requests++;
      servedBy.add(String(res.headers.get('x-served-by')));
      if (res.status !== 200) failures.push(`${res.status} from ${res.headers.get('x-served-by')}`);
    }
    assert.deepEqual(failures, [], `${failures.length} of ${requests} GETs failed while backend_${victim} stopped`);
    await waitFor(`backend_${victim} exits`, 10_000, async () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    });
    const after = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const res = await api.results(poll.id);
      assert.equal(res.status, 200);
      after.add(String(res.headers.get('x-served-by')));
    }
    // Not necessarily both others: least_conn counts the reconnected websocket as a connection.
    assert.ok(!after.has(`backend_${victim}`), `nothing is served by the stopped backend: ${[...after]}`);

    await disconnected;
    await waitFor('the socket reconnects and subscribes again', 15_000, async () => socket.connected && acks.length >= 2);
    assert.ok(connects >= 2);
    const last = acks[acks.length - 1]!;
    assert.ok(last.ok && last.results?.totalBallots === 1, JSON.stringify(last));

    const { vote, servedBy: voteBy } = await castVote(api, poll, 1);
    assert.notEqual(voteBy, `backend_${victim}`);
    const fresh = await waitFor('fresh results on the reconnected socket', 5000, async () => {
      const r = latest as PollResults | null;
      return r && r.version >= vote.version ? r : undefined;
    });
    assert.equal(fresh.totalBallots, 2);
    assert.deepEqual(
      fresh.options.map((o) => o.votes),
      [1, 1, 0],
    );
  });

  /** The backends that answer now (a test above leaves one stopped), by number. */
  async function aliveBackends(): Promise<number[]> {
    const up = await Promise.all(
      [1, 2, 3].map((n) =>
        fetch(`${backendUrl(n)}/healthz`, { signal: AbortSignal.timeout(2000) }).then(
          (r) => r.ok,
          () => false,
        ),
      ),
    );
    const alive = [1, 2, 3].filter((_, i) => up[i]);
    assert.ok(alive.length >= 2, `two backends answer: ${alive.join(', ')}`);
    return alive;
  }

  it('shares one socket event budget per IP across the instances, and disconnects the flooder with a reason', async function () {
    this.timeout(60_000);
    const [one, two] = (await aliveBackends()) as [number, number];
    const from = (n: number) => {
      const socket = io(backendUrl(n), {
        transports: ['websocket'],
        reconnection: false,
        extraHeaders: { 'X-Forwarded-For': '203.0.113.90' },
      });
      sockets.push(socket);
      return socket;
    };
    // In batches of 50: more unanswered at once would be dropped as a flood by the instance itself.
    // A subscription still in flight when the socket is dropped is never answered (null).
    const ask = (socket: Socket) =>
      new Promise<SubscribeAck | null>((done) => {
        socket.once('disconnect', () => done(null));
        socket.emit('subscribe', { pollId: 'nosuchpoll-cluster' }, done);
      });
    const batches = async (socket: Socket, count: number) => {
      const acks: (SubscribeAck | null)[] = [];
      for (let i = 0; i < count && socket.connected; i++) acks.push(...(await Promise.all(Array.from({ length: 50 }, () => ask(socket)))));
      return acks;
    };
    const first = from(one);
    await waitFor('the first socket connects', 5000, async () => first.connected);
    const acks = await batches(first, 8);
    assert.ok(
      acks.every((a) => a && !a.ok && a.error.code === 'poll_not_found'),
      '400 events are within the budget (600 a minute)',
    );
    const second = from(two);
    const refused = new Promise<RefusedEvent>((done) => second.once('refused', done));
    await waitFor('the second socket connects', 5000, async () => second.connected);
    const more = await batches(second, 8);
    const within = more.findIndex((a) => a && !a.ok && a.error.code === 'rate_limited');
    assert.equal(within, 200, 'the second instance counted the first one’s 400 too: its 201st event is the 601st');
    assert.match((await refused).message, /socket-events/);
    await waitFor('the flooder is disconnected', 5000, async () => !second.connected);
  });

  it('tells watchers on every instance when the owner hides a poll’s results, and stops their counts', async function () {
    this.timeout(60_000);
    const poll = await api.createPoll({ resultsVisibility: 'always' });
    const [ownerAt, ...others] = await aliveBackends();
    const watchers = others.map((n) => socketTo(backendUrl(n)));
    for (const w of watchers) assert.ok((await subscribe(w, poll.id)).ok);
    const changes = watchers.map((w) => new Promise<PollChangedEvent>((done) => w.once('poll', done)));
    const owner = new Api(backendUrl(ownerAt!), api.adminKey);
    assert.equal((await owner.admin('PATCH', `/polls/${poll.id}`, { resultsVisibility: 'hidden' })).status, 200);
    for (const change of await Promise.all(changes)) assert.deepEqual(change, { pollId: poll.id, phase: 'open', visible: false });
    const seen: PollResults[] = [];
    for (const w of watchers) w.on('results', (r: PollResults) => seen.push(r));
    await castVote(api, poll, 0);
    await sleep(1000); // four broadcast intervals
    assert.deepEqual(seen, [], 'no counts reach a watcher after the hide');
  });
});
