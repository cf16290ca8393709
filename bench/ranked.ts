// The ranked-poll scenario of `npm run bench`: a 50-option ranked poll holding 100,000 ballots
// (seeded straight into the primary) and a single-choice poll take votes at the same fixed rate,
// two runs each (ranked, single, single, ranked); each run times the votes and `/healthz`
// (whether a backend's event loop stalls).
// Sockets on every backend follow the ranked poll with rounds and time how long after a commit
// they hold rounds that count it.
import { performance } from 'node:perf_hooks';
import { createConnection } from 'mysql2/promise';
import { io, type Socket } from 'socket.io-client';
import { BALLOT_LOG, BALLOT_LOG_SIZES, commitmentOf, logRow, RANKING_COUNTS } from '@votewire/db';
import type { AdminPoll, ClientToServerEvents, ServerToClientEvents } from '@votewire/wire';
import { prng } from '../backend/test/support/prng.js';
import { percentile } from './lib/stats.js';

interface HttpFigures {
  ok: number;
  non2xx: number;
  errors: number;
  perSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

export interface RankedContext {
  smoke: boolean;
  /** Votes per second on each poll (open loop). */
  rate: number;
  /** Each backend's own URL: the watching sockets connect to every one. */
  backendUrls: string[];
  primaryUrl: string;
  admin<T>(method: string, path: string, body?: unknown): Promise<T>;
  openLoop(job: Record<string, unknown>, rate: number): Promise<HttpFigures>;
  voteJob(poll: AdminPoll): { method: string; path: string; vote: Record<string, unknown> };
  quiesce(): Promise<void>;
  log(s: string): void;
}

const OPTIONS = 50;
const RANKED = 3;
const HEALTHZ_RATE = 100;

/**
 * Ballots as voters rank: 90 % follow one of 500 popular rankings (the first far more often than
 * the last), 10 % rank any three options. About one ballot in ten holds a ranking of its own.
 */
function ballotSource(optionIds: number[], random: () => number): () => number[] {
  const anyThree = () => {
    const pool = [...optionIds];
    return Array.from({ length: RANKED }, () => pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  };
  const popular = Array.from({ length: 500 }, anyThree);
  return () => (random() < 0.9 ? popular[Math.floor(random() ** 2 * popular.length)]! : anyThree());
}

/**
 * Writes ballots, their log entries, their tallies and their ranking counts as the writers would, in
 * bulk, as one change (the poll is new: its log starts at 0).
 */
async function seed(primaryUrl: string, poll: AdminPoll, ballots: number[][]): Promise<number> {
  const conn = await createConnection({ uri: primaryUrl });
  try {
    await conn.beginTransaction();
    const now = Date.now();
    for (let i = 0; i < ballots.length; i += 5000) {
      const chunk = ballots.slice(i, i + 5000).map((b, k) => ({ n: i + k, b, commitment: commitmentOf(`r_seed_${poll.id}_${i + k}`) }));
      await conn.query(
        'INSERT INTO ballots (poll_id, voter_key, choices, idempotency_key, commitment, ip_hash, created_at, updated_at, log_seq) VALUES ?',
        [chunk.map(({ n, b, commitment }) => [poll.id, `seed-${n}`, JSON.stringify(b), `seed-${n}`, commitment, null, now, now, n])],
      );
      const entries = chunk.map(({ n, b, commitment }) => logRow(poll.id, { seq: n, commitment, optionIds: b, at: now }));
      await conn.query(`INSERT INTO ${BALLOT_LOG} (poll_id, seq, commitment, option_ids, supersedes, at) VALUES ?`, [
        entries.map((e) => [e.poll_id, e.seq, e.commitment, e.option_ids, e.supersedes, e.at]),
      ]);
    }
    await conn.query(`UPDATE ${BALLOT_LOG_SIZES} SET size = ? WHERE poll_id = ?`, [ballots.length, poll.id]);
    const firsts = new Map<number, number>();
    const rankings = new Map<string, number>();
    for (const b of ballots) {
      firsts.set(b[0]!, (firsts.get(b[0]!) ?? 0) + 1);
      rankings.set(JSON.stringify(b), (rankings.get(JSON.stringify(b)) ?? 0) + 1);
    }
    for (const [option, votes] of firsts) {
      await conn.query('UPDATE option_tally_slots SET votes = votes + ? WHERE option_id = ? AND slot = 0', [votes, option]);
    }
    await conn.query('UPDATE poll_tally_slots SET ballots = ballots + ?, version = version + 1 WHERE poll_id = ? AND slot = 0', [
      ballots.length,
      poll.id,
    ]);
    const counts = [...rankings].map(([ranking, n]) => [poll.id, ranking, 0, n]);
    for (let i = 0; i < counts.length; i += 5000) {
      await conn.query(`INSERT INTO ${RANKING_COUNTS} (poll_id, ranking, slot, ballots) VALUES ?`, [counts.slice(i, i + 5000)]);
    }
    await conn.commit();
    return rankings.size;
  } finally {
    await conn.end();
  }
}

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One widget that shows rounds: when each version's commit reached it, and when rounds counting it did. */
class RoundsWatcher {
  private commits: { version: number; committedAt: number }[] = [];
  private rounds: { version: number; at: number; bytes: number }[] = [];

  private constructor(private readonly socket: Client) {
    socket.on('results', (r) => r.committedAt && this.commits.push({ version: r.version, committedAt: r.committedAt }));
    socket.on('rounds', (e) => this.rounds.push({ version: e.version, at: Date.now(), bytes: JSON.stringify(e).length }));
  }

  static async open(url: string, pollId: string): Promise<RoundsWatcher> {
    const socket: Client = io(url, { transports: ['websocket'], forceNew: true });
    const watcher = new RoundsWatcher(socket);
    const ack = await new Promise<unknown>((resolve) =>
      socket.on('connect', () => socket.emit('subscribe', { pollId, rounds: true }, resolve)),
    );
    if (!(ack as { ok: boolean }).ok) throw new Error(`subscribe with rounds failed: ${JSON.stringify(ack)}`);
    return watcher;
  }

  reset(): void {
    this.commits = [];
    this.rounds = [];
  }

  newestRounds(): number {
    return Math.max(-1, ...this.rounds.map((r) => r.version));
  }

  newestCommit(): number {
    return Math.max(-1, ...this.commits.map((c) => c.version));
  }

  /** Per commit heard: how long from the commit until this socket held rounds counting it (null: never). */
  lagsMs(): (number | null)[] {
    return this.commits.map((c) => {
      const first = this.rounds.find((r) => r.version >= c.version);
      return first ? Math.max(0, first.at - c.committedAt) : null;
    });
  }

  largestMessage(): number {
    return Math.max(0, ...this.rounds.map((r) => r.bytes));
  }

  close(): void {
    this.socket.disconnect();
  }
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export async function rankedScenario(ctx: RankedContext) {
  const ballotCount = ctx.smoke ? 5_000 : 100_000;
  const ranked = await ctx.admin<AdminPoll>('POST', '/polls', {
    question: 'Bench: ranked at scale',
    type: 'ranked',
    resultsVisibility: 'always',
    minChoices: 1,
    maxChoices: RANKED,
    options: Array.from({ length: OPTIONS }, (_, i) => ({ label: `Option ${i + 1}` })),
  });
  const single = await ctx.admin<AdminPoll>('POST', '/polls', {
    question: 'Bench: single beside ranked',
    type: 'single',
    resultsVisibility: 'always',
    options: ['A', 'B', 'C', 'D'].map((label) => ({ label })),
  });
  const draw = ballotSource(
    ranked.options.map((o) => o.id),
    prng(17),
  );
  ctx.log(`ranked poll: seeding ${ballotCount.toLocaleString('en-US')} ballots of ${OPTIONS} options`);
  const seededAt = performance.now();
  const distinctRankings = await seed(ctx.primaryUrl, ranked, Array.from({ length: ballotCount }, draw));
  const seedSeconds = (performance.now() - seededAt) / 1000;
  await ctx.quiesce();

  const watchers = await Promise.all(ctx.backendUrls.map((url) => RoundsWatcher.open(url, ranked.id)));
  try {
    // One vote, so every watcher's instance counts the seeded poll once before the clock starts.
    await ctx.openLoop({ ...ctx.voteJob(ranked), vote: { ...ctx.voteJob(ranked).vote, ballots: [draw()] }, durationS: 1 }, 1);
    await until(() => watchers.every((w) => w.newestRounds() >= 1), 30_000);

    const run = async (poll: AdminPoll, ballots?: number[][]) => {
      const job = ctx.voteJob(poll);
      const [votes, healthz] = await Promise.all([
        ctx.openLoop({ ...job, vote: { ...job.vote, ...(ballots ? { ballots } : {}) } }, ctx.rate),
        ctx.openLoop({ method: 'GET', path: '/healthz', connections: 32 }, HEALTHZ_RATE),
      ]);
      return { votes, healthz };
    };

    const rankedBallots = Array.from({ length: 5000 }, draw);
    const lags: (number | null)[] = [];
    let settled = true;
    const runRanked = async () => {
      watchers.forEach((w) => w.reset());
      const figures = await run(ranked, rankedBallots);
      // The last commits of the load are counted within the interval after it stops.
      const finalVersion = Math.max(...watchers.map((w) => w.newestCommit()));
      settled &&= await until(() => watchers.every((w) => w.newestRounds() >= finalVersion), 10_000);
      lags.push(...watchers.flatMap((w) => w.lagsMs()));
      return figures;
    };
    // Ranked, single, single, ranked: a drift of the shared machine during the four runs weighs
    // on both polls alike.
    const runs: { poll: 'ranked' | 'single'; figures: Awaited<ReturnType<typeof run>> }[] = [];
    for (const poll of ['ranked', 'single', 'single', 'ranked'] as const) {
      await ctx.quiesce();
      ctx.log(`${poll === 'ranked' ? 'ranked poll' : 'single-choice poll beside it'}: votes at ${ctx.rate}/s, /healthz probed`);
      runs.push({ poll, figures: poll === 'ranked' ? await runRanked() : await run(single) });
    }
    const measured = lags.filter((l): l is number => l !== null);

    const check = await createConnection({ uri: ctx.primaryUrl });
    let rankings = distinctRankings;
    try {
      const [rows] = (await check.query(
        `SELECT COUNT(*) AS n FROM (SELECT ranking FROM ${RANKING_COUNTS} WHERE poll_id = ? GROUP BY ranking HAVING SUM(ballots) <> 0) r`,
        [ranked.id],
      )) as unknown as [{ n: number }[]];
      rankings = Number(rows[0]!.n);
    } finally {
      await check.end();
    }

    /** A poll's two runs: each run's figures, and the mean of their p99s. */
    const of = (poll: 'ranked' | 'single') => {
      const mine = runs.filter((r) => r.poll === poll).map((r) => r.figures);
      const mean = (f: (x: (typeof mine)[number]) => number) => mine.reduce((sum, x) => sum + f(x), 0) / mine.length;
      return {
        voteP99: mean((x) => x.votes.latencyMs.p99),
        healthzP99: mean((x) => x.healthz.latencyMs.p99),
        errors: mine.reduce((n, x) => n + x.votes.non2xx + x.votes.errors, 0),
        runs: mine,
      };
    };
    const rankedPoll = of('ranked');
    const singlePoll = of('single');
    return {
      ranked: {
        options: OPTIONS,
        rankedPerBallot: RANKED,
        seededBallots: ballotCount,
        seedSeconds,
        distinctRankingsAfter: rankings,
        votesPerSecondTarget: ctx.rate,
        order: runs.map((r) => r.poll),
        rankedPoll,
        singlePoll,
        roundsFreshnessMs: {
          p50: percentile(measured, 50),
          p99: percentile(measured, 99),
          max: Math.max(0, ...measured),
          commitsHeard: lags.length,
          neverCounted: lags.length - measured.length,
          settledAfterLoad: settled,
        },
        roundsMessageBytes: Math.max(...watchers.map((w) => w.largestMessage())),
      },
      latencyMs: {
        rankedVoteP99: rankedPoll.voteP99,
        singleVoteP99: singlePoll.voteP99,
        rankedHealthzP99: rankedPoll.healthzP99,
        singleHealthzP99: singlePoll.healthzP99,
      },
      ratios: {
        rankedOverSingleP99: rankedPoll.voteP99 / singlePoll.voteP99,
        rankedOverSingleHealthzP99: rankedPoll.healthzP99 / Math.max(singlePoll.healthzP99, 0.001),
      },
      errors: { ranked: rankedPoll.errors / Math.max(1, rankedPoll.runs.reduce((n, x) => n + x.votes.ok, 0) + rankedPoll.errors) },
    };
  } finally {
    watchers.forEach((w) => w.close());
  }
}
