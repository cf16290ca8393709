// One HTTP load run in its own process, so the generator's CPU is not the measured server's.
// Input: a JSON job in argv[2]. Output: one JSON line with the figures.
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { VoterTokens } from '../../backend/dist/services/voter-tokens.js';

interface Job {
  url: string;
  path: string;
  method: 'GET' | 'POST';
  connections: number;
  durationS: number;
  /** Open loop at this many requests per second; closed loop (as fast as answered) when absent. */
  rate?: number;
  /** Votes: a distinct voter (a token minted with the stack's secret) and key per request. */
  vote?: { secret: string; optionIds: number[] };
}

const job = JSON.parse(process.argv[2]!) as Job;
const tokens = job.vote ? new VoterTokens(job.vote.secret) : null;
let n = 0;

autocannon(
  {
    url: job.url,
    connections: job.connections,
    duration: job.durationS,
    ...(job.rate ? { overallRate: job.rate } : {}),
    requests: [
      {
        method: job.method,
        path: job.path,
        setupRequest: (req) => {
          if (!tokens || !job.vote)
            return { ...req, headers: { 'content-type': 'application/json' }, body: job.method === 'POST' ? '{}' : undefined };
          const option = job.vote.optionIds[n++ % job.vote.optionIds.length]!;
          return {
            ...req,
            headers: { 'content-type': 'application/json', 'x-voter-token': tokens.issue(null).token, 'idempotency-key': randomUUID() },
            body: JSON.stringify({ optionIds: [option] }),
          };
        },
      },
    ],
  },
  (err, r) => {
    if (err) throw err;
    const seconds = r.duration;
    process.stdout.write(
      JSON.stringify({
        requests: r.requests.total,
        ok: r['2xx'],
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
        perSecond: r['2xx'] / seconds,
        latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
        seconds,
      }) + '\n',
    );
  },
);
