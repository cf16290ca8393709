// `npm run bench`: brings up the distributed stack on its own ports, runs every scenario with load
// generators in separate processes, prints a table and writes bench/results/<timestamp>.json.
// `--smoke` runs each scenario briefly and small (CI proves the harness works, not the speed).
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { createConnection, type Connection } from 'mysql2/promise';
import { OPTION_TALLIES_VIEW, POLL_TALLIES_VIEW } from '@votewire/db';
import type { AdminPoll } from '@votewire/wire';
import { gtidSeq } from '../backend/dist/db/replica-monitor.js';
import { CpuMeter, perUnit, processesCpuMicros, stackPids, type CpuMicros } from './lib/cpu.js';
import type { AlternatingWindow } from './workers/alternating-load.js';
import type { VoteSpec } from './lib/request-maker.js';
import { percentile } from './lib/stats.js';
import { rankedScenario } from './ranked.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const smoke = process.argv.includes('--smoke');
const keep = process.argv.includes('--keep');
// `--cpu`: only the no-op POST and the vote run with CPU accounting, to compare builds quickly.
const cpuOnly = process.argv.includes('--cpu');
// `--log-cost`: only the ballot log's cost, to compare builds of the log quickly.
const logCostOnly = process.argv.includes('--log-cost');

const settings = smoke
  ? { durationS: 3, warmupS: 1, connections: 16, sockets: 200, socketProcesses: 1, fanoutRate: 100 }
  : { durationS: 12, warmupS: 8, connections: 64, sockets: 5000, socketProcesses: 2, fanoutRate: 0 };

// VOTEWIRE_BENCH_PORT_SHIFT moves every port, so that two checkouts can bench side by side.
const shift = Number(process.env.VOTEWIRE_BENCH_PORT_SHIFT || 0);
const ports = {
  http: 38080 + shift,
  backends: [38081, 38082, 38083].map((p) => p + shift),
  primary: 33307 + shift,
  replicas: [33308, 33309].map((p) => p + shift),
  redis: 36380 + shift,
};
const stackDir = join(root, '.run', smoke ? 'bench-smoke' : 'bench');
const httpUrl = `http://127.0.0.1:${ports.http}`;

const stackEnv = (writeMode: 'batched' | 'single', extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  ...extra,
  VOTEWIRE_STACK_DIR: stackDir,
  VOTEWIRE_HTTP_PORT: String(ports.http),
  VOTEWIRE_BACKEND_PORTS: ports.backends.join(','),
  VOTEWIRE_PRIMARY_PORT: String(ports.primary),
  VOTEWIRE_REPLICA_PORTS: ports.replicas.join(','),
  VOTEWIRE_REDIS_PORT: String(ports.redis),
  VOTEWIRE_WRITE_MODE: writeMode,
  VOTEWIRE_BENCH_ENDPOINTS: 'true',
  VOTEWIRE_LOG_LEVEL: 'warn',
  VOTEWIRE_RATE_VOTES_PER_MINUTE: '10000000',
  VOTEWIRE_RATE_TOKENS_PER_MINUTE: '10000000',
  VOTEWIRE_RATE_READS_PER_MINUTE: '10000000',
  // Every benchmark socket comes from this machine's one address.
  VOTEWIRE_SOCKETS_PER_IP: '1000000',
  VOTEWIRE_RATE_SOCKET_EVENTS_PER_MINUTE: '10000000',
});

function stack(args: string[], writeMode: 'batched' | 'single' = 'batched', extra: NodeJS.ProcessEnv = {}): void {
  execFileSync(join(root, 'build.sh'), args, { env: stackEnv(writeMode, extra), stdio: ['ignore', 'ignore', 'inherit'] });
}

const state = (name: string) => readFileSync(join(stackDir, 'state', name), 'utf8').trim();

/**
 * Runs a worker script in its own process and returns the last JSON line it prints; `onStart` runs
 * when a load worker says its load has started (after it has minted its votes).
 */
function runWorker<T>(name: string, job: unknown, onStart?: () => void): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'workers', name), JSON.stringify(job)], { cwd: root });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (onStart && out.includes('{"started":true}')) {
        onStart();
        onStart = undefined;
      }
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('exit', (code) =>
      code === 0 ? resolvePromise(JSON.parse(out.trim().split('\n').pop()!) as T) : reject(new Error(`${name} exited with ${code}`)),
    );
  });
}

interface HttpFigures {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** The load generator's own CPU time over its load. */
  generatorCpuMicros: number;
}

/** Closed loop: every connection sends its next request as soon as the last is answered. */
const http = (job: Record<string, unknown>, durationS = settings.durationS, onStart?: () => void) =>
  runWorker<HttpFigures>('http-load.ts', { url: httpUrl, connections: settings.connections, durationS, ...job }, onStart);

/** Open loop: requests leave at `rate` per second whatever the answers; latency counts from when each was due. */
const openLoop = (job: Record<string, unknown>, rate: number, onStart?: () => void) =>
  runWorker<HttpFigures>('open-loop.ts', { url: httpUrl, connections: 512, durationS: settings.durationS, rate, ...job }, onStart);

const cpuMeter = () => new CpuMeter(() => stackPids(stackDir, ports.backends.length, ports.replicas.length));

/** A load run (closed or open loop) with the CPU each part of the stack spent during its load. */
async function accounted<T extends HttpFigures>(run: (onStart: () => void) => Promise<T>): Promise<T & { cpu: CpuMicros }> {
  const meter = cpuMeter();
  const load = await run(() => meter.start());
  return { ...load, cpu: meter.stop() };
}

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${httpUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${state('admin-key')}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const createPoll = (question: string) =>
  admin<AdminPoll>('POST', '/polls', {
    question,
    type: 'single',
    resultsVisibility: 'always',
    options: ['A', 'B', 'C', 'D'].map((label) => ({ label })),
  });

const dbUrl = (port: number) => `mysql://votewire:${encodeURIComponent(state('db-app-password'))}@127.0.0.1:${port}/votewire`;

/** Tallies straight from the primary: what every widget must end up showing. */
async function primaryTally(pollId: string): Promise<{ version: number; ballots: number; sum: number }> {
  const conn = await createConnection({ uri: dbUrl(ports.primary) });
  try {
    // One statement, one snapshot: votes still committing after the load stopped must not land
    // between the read of the ballots and the read of the counts (seen: a false "disagree").
    const [[row]] = (await conn.query(
      `SELECT (SELECT version FROM ${POLL_TALLIES_VIEW} WHERE poll_id = ?) AS v, (SELECT ballots FROM ${POLL_TALLIES_VIEW} WHERE poll_id = ?) AS b,
              (SELECT SUM(votes) FROM ${OPTION_TALLIES_VIEW} WHERE poll_id = ?) AS s`,
      [pollId, pollId, pollId],
    )) as unknown as [{ v: number; b: number; s: number }[]];
    return { version: Number(row!.v), ballots: Number(row!.b), sum: Number(row!.s) };
  } finally {
    await conn.end();
  }
}

/** The primary's binlog counters: what one primary writes and replicas apply, per vote. */
async function binlogCounters(): Promise<{ bytes: number; commits: number; groupCommits: number }> {
  const conn = await createConnection({ uri: dbUrl(ports.primary) });
  try {
    const [rows] = (await conn.query(
      `SHOW GLOBAL STATUS WHERE Variable_name IN ('Binlog_bytes_written', 'Binlog_commits', 'Binlog_group_commits')`,
    )) as unknown as [{ Variable_name: string; Value: string }[]];
    const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? NaN);
    return { bytes: value('Binlog_bytes_written'), commits: value('Binlog_commits'), groupCommits: value('Binlog_group_commits') };
  } finally {
    await conn.end();
  }
}

/** Waits until both replicas have applied everything the primary has, then a second more. */
async function quiesce(): Promise<void> {
  await probeLag(Promise.resolve());
  await new Promise((r) => setTimeout(r, 1000));
}

/**
 * Replication delay as a reader sees it, measured while `during` runs: every 100 ms, note the
 * primary's GTID position and time how long each replica takes to have applied it (polled every
 * 2 ms, so each figure is an upper bound to within a few ms).
 */
async function probeLag<T>(during: Promise<T>): Promise<{ result: T; lagsMs: number[] }> {
  const connect = (port: number) => createConnection({ uri: dbUrl(port) });
  const seq = async (conn: Connection, variable: string) => {
    const [[row]] = (await conn.query(`SELECT ${variable} AS pos`)) as unknown as [{ pos: string }[]];
    return gtidSeq(String(row!.pos));
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const primary = await connect(ports.primary);
  const replicas = await Promise.all(ports.replicas.map(connect));
  const lagsMs: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const startedAt = performance.now();
      const target = await seq(primary, '@@gtid_binlog_pos');
      await Promise.all(
        replicas.map(async (replica) => {
          while ((await seq(replica, '@@gtid_slave_pos')) < target) {
            if (performance.now() - startedAt > 60_000) throw new Error('a replica has not caught up in 60 s; is replication running?');
            await sleep(2);
          }
          lagsMs.push(performance.now() - startedAt);
        }),
      );
      await sleep(100);
    }
  })();
  probe.catch(() => undefined); // thrown below, once `during` has ended
  try {
    return { result: await during, lagsMs };
  } finally {
    done = true;
    await probe;
    await Promise.all([primary, ...replicas].map((c) => c.end()));
  }
}

/**
 * Tallies must equal ballots, and every acknowledged vote must be a ballot. A load generator stops
 * with up to one request per connection in flight: committed, but its answer never counted.
 */
function integrity(tally: { ballots: number; sum: number }, load: HttpFigures) {
  const ok = tally.sum === tally.ballots && tally.ballots >= load.ok && tally.ballots <= load.ok + settings.connections;
  return { ...tally, acknowledged: load.ok, ok };
}

class SocketFleet {
  private readonly children: { proc: ChildProcessWithoutNullStreams; lines: AsyncIterator<string> }[] = [];

  constructor(pollId: string, total: number, processes: number) {
    for (let i = 0; i < processes; i++) {
      const job = { url: httpUrl, pollId, sockets: Math.ceil(total / processes) };
      const proc = spawn(process.execPath, ['--import', 'tsx', join(here, 'workers', 'sockets.ts'), JSON.stringify(job)], { cwd: root });
      proc.stderr.on('data', (d) => process.stderr.write(d));
      this.children.push({ proc, lines: createInterface({ input: proc.stdout })[Symbol.asyncIterator]() });
    }
  }

  async ask<T>(command: string): Promise<T[]> {
    return Promise.all(
      this.children.map(async ({ proc, lines }) => {
        proc.stdin.write(command + '\n');
        return JSON.parse((await lines.next()).value as string) as T;
      }),
    );
  }

  async waitConnected(total: number, timeoutMs: number): Promise<number> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const n = (await this.ask<{ connected: number }>('status')).reduce((a, s) => a + s.connected, 0);
      if (n >= total || Date.now() > end) return n;
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  /** The fleet's own CPU time so far, in microseconds: is the generator keeping up? */
  cpuMicros(): number {
    return processesCpuMicros(this.children.map(({ proc }) => proc.pid!));
  }

  close(): void {
    for (const { proc } of this.children) proc.stdin.write('exit\n');
  }
}

/**
 * CPU per accepted vote and per no-op POST, by component, from runs back to back; and what the
 * fan-out costs per results message a socket received: the fan-out run's CPU in the parts that
 * write a message to each socket (backends, nginx) less its votes at the vote run's price. Redis
 * carries one message per commit to each backend, whatever the number of sockets: per vote.
 */
function cpuFigures(
  votes: HttpFigures & { cpu: CpuMicros },
  noop: HttpFigures & { cpu: CpuMicros },
  fanoutLoad: HttpFigures & { cpu: CpuMicros },
  messages: number,
) {
  const perVote = perUnit(votes.cpu, votes.ok);
  const carriers = ['backends', 'nginx'] as const;
  const fanoutOnly = Object.fromEntries(carriers.map((c) => [c, fanoutLoad.cpu[c] - perVote[c] * fanoutLoad.ok]));
  const perMessage = Object.fromEntries(carriers.map((c) => [c, messages > 0 ? Math.round((fanoutOnly[c]! / messages) * 10) / 10 : 0]));
  return {
    perVote,
    perNoopPost: perUnit(noop.cpu, noop.ok),
    perSocketMessage: { ...perMessage, total: Math.round(carriers.reduce((sum, c) => sum + perMessage[c]!, 0) * 10) / 10 } as Record<
      (typeof carriers)[number] | 'total',
      number
    >,
    loadGenerator: {
      perVote: Math.round((votes.generatorCpuMicros / Math.max(1, votes.ok)) * 10) / 10,
      perNoopPost: Math.round((noop.generatorCpuMicros / Math.max(1, noop.ok)) * 10) / 10,
    },
    measured: { votes: votes.ok, noopPosts: noop.ok, fanoutVotes: fanoutLoad.ok, socketMessages: messages },
  };
}

/** What was on during the run: each of these changes the CPU a vote costs. */
async function features(poll: AdminPoll) {
  const site = await admin<{ proofOfWork: { enabled: boolean } }>('GET', '/site');
  const webhooks = await admin<{ items: unknown[] }>('GET', '/webhooks');
  return {
    voterPolicy: poll.voterPolicy,
    proofOfWork: site.proofOfWork.enabled,
    // The log answers 404 log_disabled when the deployment keeps none.
    ballotLog: (await fetch(`${httpUrl}/api/v1/log-keys`)).ok,
    // The dispatcher runs in every backend; deliveries only to registered endpoints.
    webhookEndpoints: webhooks.items.length,
  };
}

const sdkInitialGzipBytes = () => {
  const out = execFileSync(process.execPath, [join(root, 'sdk', 'scripts', 'size.mjs')], { encoding: 'utf8' });
  return Number(/initial load[^:]*: (\d+) bytes/.exec(out)?.[1] ?? NaN);
};

/**
 * What the ballot log costs the batched vote path: 1 − (votes/s with the log) ÷ (votes/s without).
 * The backends hold both writers, with and without the log (VOTEWIRE_BENCH_ENDPOINTS), and write
 * one poll's votes without it; one load votes in that poll and in a logged one in turn, a few
 * seconds each, in the order off, on, then on, off, and so on. This machine's speed drifts by up
 * to 2× within a minute, far more than the log costs: runs a backend restart apart measured the
 * drift, windows seconds apart cancel it.
 */
async function ballotLogCost(
  voteJob: (poll: AdminPoll) => Record<string, unknown>,
  voteSpec: (poll: AdminPoll) => VoteSpec,
  log: (s: string) => void,
) {
  const { pairs, windowS } = smoke ? { pairs: 2, windowS: 1 } : { pairs: 16, windowS: 2.5 };
  const polls = { off: await createPoll('Bench: log off'), on: await createPoll('Bench: log on') };
  for (const port of ports.backends) {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/bench/unlogged-polls/${polls.off.id}`, { method: 'PUT' });
    if (!res.ok) throw new Error(`leaving poll ${polls.off.id} unlogged on :${port}: ${res.status} ${await res.text()}`);
  }
  log(`votes, batched, in a poll without the ballot log and one with it in turn: ${pairs} pairs of ${windowS} s windows`);
  for (const poll of [polls.off, polls.on]) await http(voteJob(poll), settings.warmupS / 2);
  await quiesce();
  // The first window is a lead-in, left out: the load's connections open and its first requests
  // meet cold paths in it (it measured 30 % below the next window in two runs).
  const { windows: all } = await runWorker<{ windows: AlternatingWindow[] }>('alternating-load.ts', {
    url: httpUrl,
    connections: settings.connections,
    sides: { off: voteSpec(polls.off), on: voteSpec(polls.on) },
    order: ['off', ...Array.from({ length: pairs }, (_, i) => (i % 2 === 0 ? ['off', 'on'] : ['on', 'off'])).flat()],
    windowS,
    stack: { dir: stackDir, backends: ports.backends.length, replicas: ports.replicas.length },
  });
  const windows = all.slice(1);
  const side = (name: string) => {
    const of = windows.filter((w) => w.side === name);
    const sum = (f: (w: AlternatingWindow) => number) => of.reduce((a, w) => a + f(w), 0);
    const cpu = Object.fromEntries(
      (Object.keys(of[0]!.cpu) as (keyof CpuMicros)[]).map((part) => [part, sum((w) => w.cpu[part])]),
    ) as CpuMicros;
    return {
      votesPerSecond: sum((w) => w.ok) / sum((w) => w.seconds),
      errors: sum((w) => w.errors),
      cpuMicrosPerVote: perUnit(
        cpu,
        sum((w) => w.ok),
      ),
      windows: of.map((w) => Math.round(w.ok / w.seconds)),
    };
  };
  const off = side('off');
  const on = side('on');
  const perPairPercent = on.windows.map((v, i) => Math.round((1 - v / off.windows[i]!) * 1000) / 10);
  return { cost: 1 - on.votesPerSecond / off.votesPerSecond, perPairPercent, off, on };
}

function printLogCost(c: Awaited<ReturnType<typeof ballotLogCost>>): void {
  console.log(JSON.stringify(c));
  console.log(`ballot log cost: ${(c.cost * 100).toFixed(1)} % of batched votes/s`);
}

async function main(): Promise<void> {
  mkdirSync(join(here, 'results'), { recursive: true });
  const log = (s: string) => process.stdout.write(`bench: ${s}\n`);
  log(
    `${smoke ? 'smoke' : 'full'} run: ${settings.durationS} s per scenario, ${settings.connections} connections, ${settings.sockets} sockets`,
  );

  log('starting the stack (batched writes)');
  stack(['--fresh', '--no-build']);
  try {
    const secret = state('secret');

    const voteSpec = (poll: AdminPoll) => ({ secret, pollId: poll.id, optionIds: poll.options.map((o) => o.id) });
    const voteJob = (poll: AdminPoll) => ({ method: 'POST', path: `/api/v1/polls/${poll.id}/votes`, vote: voteSpec(poll) });

    // The first seconds of a fresh stack measure JIT compilation and pools filling, not the stack.
    log('warming up');
    const warmPoll = await createPoll('Bench: warm-up');
    await http({ method: 'POST', path: '/api/v1/bench/noop' }, settings.warmupS);
    await http(voteJob(warmPoll), settings.warmupS);
    await http({ method: 'GET', path: `/api/v1/polls/${warmPoll.id}` }, settings.warmupS);

    if (logCostOnly) return printLogCost(await ballotLogCost(voteJob, voteSpec, log));

    log('raw durable single-row INSERTs on the primary');
    await quiesce();
    const raw = await runWorker<{ perSecond: number }>('raw-insert.ts', {
      url: dbUrl(ports.primary),
      connections: settings.connections,
      durationS: settings.durationS,
    });

    // Each ratio's two sides run back to back, so both see the machine in the same state.
    log('HTTP ceiling: no-op POST through nginx');
    await quiesce();
    const noopPost = await accounted((onStart) => http({ method: 'POST', path: '/api/v1/bench/noop' }, undefined, onStart));

    // Its own run: the lag probe below queries the primary and the replicas, which would be
    // counted as the votes' CPU.
    log('votes, batched, closed loop, CPU by process');
    const cpuPoll = await createPoll('Bench: CPU per vote');
    const binlogBefore = await binlogCounters();
    const cpuVotes = await accounted((onStart) => http(voteJob(cpuPoll), undefined, onStart));
    const binlogAfter = await binlogCounters();
    // What the measured votes ran with, read now: later scenarios restart the backends.
    const featuresOn = await features(cpuPoll);
    const binlog = {
      bytesPerVote: Math.round((binlogAfter.bytes - binlogBefore.bytes) / Math.max(1, cpuVotes.ok)),
      votesPerCommit: Math.round((cpuVotes.ok / Math.max(1, binlogAfter.commits - binlogBefore.commits)) * 10) / 10,
      commitsPerDiskFlush:
        Math.round(
          ((binlogAfter.commits - binlogBefore.commits) / Math.max(1, binlogAfter.groupCommits - binlogBefore.groupCommits)) * 10,
        ) / 10,
    };
    if (cpuOnly) return printCpuOnly(cpuVotes, noopPost);

    log('votes, batched, closed loop (replica lag probed)');
    const batchedPoll = await createPoll('Bench: batched');
    const { result: batched, lagsMs } = await probeLag(http(voteJob(batchedPoll)));
    const batchedTally = await primaryTally(batchedPoll.id);

    log('HTTP ceiling: no-op GET through nginx, then hot-poll reads');
    await quiesce();
    const noopGet = await http({ method: 'GET', path: '/api/v1/bench/noop' });
    const reads = await http({ method: 'GET', path: `/api/v1/polls/${batchedPoll.id}` });

    const latencyRate = Math.max(50, Math.round(batched.perSecond * 0.7));
    log(`vote latency, open loop at ${latencyRate}/s (70 % of the batched maximum)`);
    const latencyPoll = await createPoll('Bench: latency');
    const latency = await openLoop(voteJob(latencyPoll), latencyRate);

    const fanoutRate = settings.fanoutRate || Math.max(50, Math.round(batched.perSecond * 0.5));
    log(`fan-out: ${settings.sockets} sockets watching one poll, votes at ${fanoutRate}/s (open loop)`);
    const fanoutPoll = await createPoll('Bench: fan-out');
    const fleet = new SocketFleet(fanoutPoll.id, settings.sockets, settings.socketProcesses);
    let fanout: {
      sockets: number;
      p50Ms: number;
      p99Ms: number;
      convergeMs: number;
      messages: number;
      /** Cores the socket processes used while the votes ran (each process has one). */
      generatorCores: number;
    };
    let fanoutLoad: HttpFigures & { cpu: CpuMicros };
    try {
      const connected = await fleet.waitConnected(settings.sockets, 120_000);
      await fleet.ask('reset');
      // CPU from the first vote until every socket has the last one: the messages counted below
      // include those delivered after the load stopped.
      const meter = cpuMeter();
      let fleetAtStart = { cpu: 0, at: 0 };
      const load = await openLoop(voteJob(fanoutPoll), fanoutRate, () => {
        meter.start();
        fleetAtStart = { cpu: fleet.cpuMicros(), at: performance.now() };
      });
      const stopped = Date.now();
      const final = await primaryTally(fanoutPoll.id);
      let convergeMs = -1;
      while (Date.now() - stopped < 30_000) {
        const min = Math.min(...(await fleet.ask<{ minVersion: number }>('versions')).map((v) => v.minVersion));
        if (min >= final.version) {
          convergeMs = Date.now() - stopped;
          break;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      fanoutLoad = { ...load, cpu: meter.stop() };
      const generatorCores = (fleet.cpuMicros() - fleetAtStart.cpu) / ((performance.now() - fleetAtStart.at) * 1000);
      const latencies = (await fleet.ask<{ latencies: number[] }>('report')).flatMap((r) => r.latencies);
      fanout = {
        sockets: connected,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
        convergeMs,
        messages: latencies.length,
        generatorCores: Math.round(generatorCores * 100) / 100,
      };
    } finally {
      fleet.close();
    }

    const rankedRate = smoke ? 50 : Math.max(50, Math.round(batched.perSecond * 0.3));
    log(`ranked polls at scale, beside a single-choice poll, votes at ${rankedRate}/s (30 % of the batched maximum)`);
    await quiesce();
    const ranked = await rankedScenario({
      smoke,
      rate: rankedRate,
      backendUrls: ports.backends.map((p) => `http://127.0.0.1:${p}`),
      primaryUrl: dbUrl(ports.primary),
      admin,
      openLoop,
      voteJob,
      quiesce,
      log,
    });

    await quiesce();
    const logCost = await ballotLogCost(voteJob, voteSpec, log);

    log('restarting the backends in one-transaction-per-vote mode');
    stack(['--no-build'], 'single');
    const singlePoll = await createPoll('Bench: single');
    await http(voteJob(await createPoll('Bench: single warm-up')), settings.warmupS);
    const single = await http(voteJob(singlePoll));
    const singleTally = await primaryTally(singlePoll.id);

    const errorRate = (f: HttpFigures) => (f.requests === 0 ? 0 : (f.non2xx + f.errors) / f.requests);
    const machine = cpus();
    const cpu = cpuFigures(cpuVotes, noopPost, fanoutLoad, fanout.messages);
    const result = {
      at: new Date().toISOString(),
      mode: smoke ? 'smoke' : 'full',
      machine: { cores: machine.length, cpuModel: machine[0]?.model ?? 'unknown', node: process.version },
      features: featuresOn,
      settings: { ...settings, ports, stack: 'nginx → 3 backends → MariaDB primary (durable) + 2 replicas, Redis' },
      votesPerSecond: { raw: raw.perSecond, single: single.perSecond, batched: batched.perSecond },
      httpCeiling: { postPerSecond: noopPost.perSecond, getPerSecond: noopGet.perSecond },
      latencyMs: {
        p50: latency.latencyMs.p50,
        p99: latency.latencyMs.p99,
        atRate: latencyRate,
        achievedPerSecond: latency.perSecond,
        ...ranked.latencyMs,
      },
      errors: {
        batched: errorRate(batched),
        single: errorRate(single),
        openLoop: errorRate(latency),
        reads: errorRate(reads),
        ranked: ranked.errors.ranked,
      },
      ratios: {
        batchedOverRaw: batched.perSecond / raw.perSecond,
        batchedOverSingle: batched.perSecond / single.perSecond,
        batchedOverHttpCeiling: batched.perSecond / noopPost.perSecond,
        cpuPerVoteOverNoop: cpu.perVote.total / cpu.perNoopPost.total,
        readsOverHttpCeiling: reads.perSecond / noopGet.perSecond,
        ballotLogCost: logCost.cost,
        ...ranked.ratios,
      },
      ranked: ranked.ranked,
      fanout,
      cpuMicros: cpu,
      binlog,
      ballotLog: { perPairPercent: logCost.perPairPercent, off: logCost.off, on: logCost.on },
      reads: { perSecond: reads.perSecond, p99Ms: reads.latencyMs.p99 },
      replicaLag: { p50Ms: percentile(lagsMs, 50), p99Ms: percentile(lagsMs, 99), maxMs: Math.max(0, ...lagsMs), samples: lagsMs.length },
      integrity: { batched: integrity(batchedTally, batched), single: integrity(singleTally, single) },
      sdk: { initialGzipBytes: sdkInitialGzipBytes() },
    };
    const file = join(here, 'results', `${result.at.replace(/[:.]/g, '-')}${smoke ? '.smoke' : ''}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    printTable(result);
    log(`wrote ${file}`);
    if (!result.integrity.batched.ok || !result.integrity.single.ok) {
      throw new Error(`tallies and ballots disagree: ${JSON.stringify(result.integrity)}`);
    }
  } finally {
    if (!keep) stack(['down']);
  }
}

function printCpuOnly(votes: HttpFigures & { cpu: CpuMicros }, noop: HttpFigures & { cpu: CpuMicros }): void {
  const perVote = perUnit(votes.cpu, votes.ok);
  const perNoop = perUnit(noop.cpu, noop.ok);
  console.log(JSON.stringify({ votesPerSecond: votes.perSecond, noopPerSecond: noop.perSecond, perVote, perNoop }));
  console.log(`CPU per vote ÷ per no-op POST: ${(perVote.total / perNoop.total).toFixed(2)}`);
}

/** The CPU accounting's rows of the summary table. */
function cpuRows(
  c: { perVote: CpuMicros; perNoopPost: CpuMicros; perSocketMessage: { total: number } },
  ratio: number,
  f: (n: number, d?: number) => string,
): [string, string, string][] {
  const parts = (m: CpuMicros) => `${f(m.backends)}+${f(m.primary)}+${f(m.replicas)}+${f(m.nginx)}+${f(m.redis)}`;
  return [
    ['CPU µs/vote: backends+primary+replicas+nginx+redis', `${parts(c.perVote)} = ${f(c.perVote.total)}`, ''],
    ['CPU µs/no-op POST (same parts)', `${parts(c.perNoopPost)} = ${f(c.perNoopPost.total)}`, ''],
    ['CPU per vote ÷ per no-op POST', f(ratio, 2), '≤ 2.5'],
    ['fan-out CPU µs per socket message', f(c.perSocketMessage.total, 1), ''],
  ];
}

function printTable(r: {
  votesPerSecond: Record<string, number>;
  httpCeiling: Record<string, number>;
  latencyMs: { p50: number; p99: number; atRate: number };
  ratios: Record<string, number>;
  fanout: { sockets: number; p50Ms: number; p99Ms: number; convergeMs: number; generatorCores: number };
  reads: { perSecond: number };
  replicaLag: { p99Ms: number };
  errors: Record<string, number>;
  sdk: { initialGzipBytes: number };
  cpuMicros: { perVote: CpuMicros; perNoopPost: CpuMicros; perSocketMessage: { total: number } };
  ranked: {
    rankedPoll: { healthzP99: number };
    singlePoll: { healthzP99: number };
    seededBallots: number;
    roundsFreshnessMs: { p99: number; max: number };
  };
}): void {
  const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const rows: [string, string, string][] = [
    ['votes/s batched', f(r.votesPerSecond.batched!), ''],
    ['votes/s single (one trx per vote)', f(r.votesPerSecond.single!), ''],
    ['raw durable INSERT rows/s', f(r.votesPerSecond.raw!), ''],
    ['no-op POST / GET req/s', `${f(r.httpCeiling.postPerSecond!)} / ${f(r.httpCeiling.getPerSecond!)}`, ''],
    ['batched ÷ single', f(r.ratios.batchedOverSingle!, 2), '≥ 3'],
    ['batched ÷ raw INSERT', f(r.ratios.batchedOverRaw!, 2), '≥ 1.0'],
    ['batched ÷ no-op POST', f(r.ratios.batchedOverHttpCeiling!, 2), '≥ 0.4'],
    ...cpuRows(r.cpuMicros, r.ratios.cpuPerVoteOverNoop!, f),
    ['ballot log cost (batched)', `${f(r.ratios.ballotLogCost! * 100, 1)} %`, '≤ 15 %'],
    ['vote errors (batched)', `${f(r.errors.batched! * 100, 3)} %`, '< 0.1 %'],
    [`vote latency p50 / p99 at ${f(r.latencyMs.atRate)}/s`, `${f(r.latencyMs.p50, 1)} / ${f(r.latencyMs.p99, 1)} ms`, 'p99 ≤ 50 ms'],
    ['hot-poll reads/s', f(r.reads.perSecond), ''],
    ['reads ÷ no-op GET', f(r.ratios.readsOverHttpCeiling!, 2), '≥ 0.8'],
    [`fan-out ${f(r.fanout.sockets)} sockets p50 / p99`, `${f(r.fanout.p50Ms)} / ${f(r.fanout.p99Ms)} ms`, '≤ 150 / 350 ms'],
    ['fan-out: cores the socket clients used', f(r.fanout.generatorCores, 2), ''],
    ['fan-out convergence after load', `${f(r.fanout.convergeMs)} ms`, '≤ 1000 ms'],
    ['replica lag p99 at peak', `${f(r.replicaLag.p99Ms)} ms`, '≤ 250 ms'],
    [`ranked (${f(r.ranked.seededBallots)} ballots) ÷ single vote p99`, `${f(r.ratios.rankedOverSingleP99!, 2)}`, '≤ 1.2'],
    ['/healthz p99 ranked / single', `${f(r.ranked.rankedPoll.healthzP99, 1)} / ${f(r.ranked.singlePoll.healthzP99, 1)} ms`, '≤ 1.2×'],
    [
      'ranked rounds fresh after a commit p99 / max',
      `${f(r.ranked.roundsFreshnessMs.p99)} / ${f(r.ranked.roundsFreshnessMs.max)} ms`,
      '≤ 2000 ms',
    ],
    ['widget initial load', `${f(r.sdk.initialGzipBytes)} B gzip`, '≤ 12,288 B'],
  ];
  const w = [Math.max(...rows.map((x) => x[0].length)), Math.max(...rows.map((x) => x[1].length)), 14];
  const line = (a: string, b: string, c: string) => `| ${a.padEnd(w[0]!)} | ${b.padStart(w[1]!)} | ${c.padEnd(w[2]!)} |`;
  console.log(line('scenario', 'measured', 'target'));
  console.log(`|${'-'.repeat(w[0]! + 2)}|${'-'.repeat(w[1]! + 2)}|${'-'.repeat(w[2]! + 2)}|`);
  for (const [a, b, c] of rows) console.log(line(a, b, c));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
