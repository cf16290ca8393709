// One closed-loop HTTP load run (autocannon: each connection sends its next request when the last
// is answered) in its own process, so the generator's CPU is not the measured server's.
// Input: a JSON job in argv[2]. Output: a `{"started":true}` line when the load starts, then one
// JSON line with the figures.
import autocannon from 'autocannon';
import { generatorCpu } from '../lib/cpu-self.js';
import { requestMaker, type VoteSpec } from '../lib/request-maker.js';

interface Job {
  url: string;
  path: string;
  method: 'GET' | 'POST';
  connections: number;
  durationS: number;
  vote?: VoteSpec;
}

const job = JSON.parse(process.argv[2]!) as Job;
// Enough votes for 10,000 a second (more than this machine's no-op ceiling), made before the clock starts.
const make = requestMaker(job.method, job.vote, job.vote ? job.durationS * 10_000 : 0);

// The parent starts its CPU accounting at this line, after the votes above are minted.
process.stdout.write(JSON.stringify({ started: true }) + '\n');
const cpuAtStart = process.cpuUsage();

autocannon(
  {
    url: job.url,
    connections: job.connections,
    duration: job.durationS,
    requests: [{ method: job.method, path: job.path, setupRequest: (req) => ({ ...req, ...make() }) }],
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
        generatorCpuMicros: generatorCpu(cpuAtStart),
      }) + '\n',
    );
  },
);
