// One open-loop HTTP load run in its own process: requests leave on a fixed schedule (`rate` per
// second), whether or not earlier ones were answered, and each latency runs from the moment its
// request was due, so a stalled server shows up in the figures instead of slowing the generator
// down (no coordinated omission). autocannon's own rate option is not this: each of its
// connections sends back to back until it has spent its per-second quota, then waits.
// Input: a JSON job in argv[2]. Output: as http-load.ts, a start line then one line of figures.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { generatorCpu } from '../lib/cpu-self.js';
import { requestMaker, type VoteSpec } from '../lib/request-maker.js';
import { percentile } from '../lib/stats.js';

interface Job {
  url: string;
  path: string;
  method: 'GET' | 'POST';
  rate: number;
  durationS: number;
  /** Connections the generator may open; a request due while all are busy waits (and it counts). */
  connections: number;
  vote?: VoteSpec;
}

const job = JSON.parse(process.argv[2]!) as Job;
const make = requestMaker(job.method, job.vote, Math.ceil(job.rate * job.durationS));
const target = new URL(job.url);
const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
const latencies: number[] = [];
let ok = 0;
let non2xx = 0;
let errors = 0;
let sent = 0;
let inFlight = 0;

function send(dueAt: number): void {
  const { headers, body } = make();
  inFlight++;
  const done = (status: number | null) => {
    inFlight--;
    if (status === null) errors++;
    else if (status >= 200 && status < 300) {
      ok++;
      latencies.push(performance.now() - dueAt);
    } else non2xx++;
  };
  const req = request(
    { host: target.hostname, port: target.port, path: job.path, method: job.method, agent, headers, timeout: 10_000 },
    (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
      res.on('error', () => done(null));
    },
  );
  req.on('error', () => done(null));
  req.on('timeout', () => req.destroy());
  req.end(body);
}

process.stdout.write(JSON.stringify({ started: true }) + '\n');
const cpuAtStart = process.cpuUsage();
const started = performance.now();
const total = Math.round(job.rate * job.durationS);
const timer = setInterval(() => {
  const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * job.rate));
  while (sent < due) send(started + (sent++ * 1000) / job.rate);
  if (sent >= total) {
    clearInterval(timer);
    void finish();
  }
}, 1);

async function finish(): Promise<void> {
  const deadline = performance.now() + 15_000;
  while (inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  errors += inFlight;
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    JSON.stringify({
      requests: sent,
      ok,
      non2xx,
      errors,
      perSecond: ok / job.durationS,
      latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.reduce((a, b) => Math.max(a, b), 0) },
      seconds,
      generatorCpuMicros: generatorCpu(cpuAtStart),
    }) + '\n',
  );
  agent.destroy();
}
