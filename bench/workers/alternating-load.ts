// One closed-loop vote load (autocannon) that turns between two polls every window, with the CPU
// each part of the stack spent in each window: two variants of the vote path compared seconds
// apart under one load, so that the machine's drifting speed weighs on both alike.
// Input: a JSON job in argv[2]. Output: one JSON line with the windows' figures.
import autocannon from 'autocannon';
import { CpuMeter, stackPids, type CpuMicros } from '../lib/cpu.js';
import { requestMaker, type VoteSpec } from '../lib/request-maker.js';

interface Job {
  url: string;
  connections: number;
  /** The two polls' votes, by the name each side is reported under. */
  sides: Record<string, VoteSpec>;
  /** Side names window by window. */
  order: string[];
  windowS: number;
  stack: { dir: string; backends: number; replicas: number };
}

export interface AlternatingWindow {
  side: string;
  ok: number;
  errors: number;
  seconds: number;
  cpu: CpuMicros;
}

const job = JSON.parse(process.argv[2]!) as Job;
const durationS = job.order.length * job.windowS;
// Each side's votes for 3,000 a second (over twice this machine's batched rate), minted before the clock starts.
const makers = Object.fromEntries(
  Object.entries(job.sides).map(([name, vote]) => [name, requestMaker('POST', vote, Math.ceil((durationS / 2) * 3000))]),
);
const paths = Object.fromEntries(Object.entries(job.sides).map(([name, vote]) => [name, `/api/v1/polls/${vote.pollId}/votes`]));

const meter = new CpuMeter(() => stackPids(job.stack.dir, job.stack.backends, job.stack.replicas));
const windows: AlternatingWindow[] = [];
let current = { side: job.order[0]!, ok: 0, errors: 0, startedAt: performance.now() };
const turn = (next: string | undefined) => {
  const cpu = meter.stop();
  windows.push({
    side: current.side,
    ok: current.ok,
    errors: current.errors,
    seconds: (performance.now() - current.startedAt) / 1000,
    cpu,
  });
  if (next === undefined) return;
  meter.start();
  current = { side: next, ok: 0, errors: 0, startedAt: performance.now() };
};

meter.start();
const instance = autocannon(
  {
    url: job.url,
    connections: job.connections,
    duration: durationS,
    requests: [
      {
        method: 'POST',
        path: paths[current.side]!,
        setupRequest: (req) => ({ ...req, path: paths[current.side]!, ...makers[current.side]!() }),
      },
    ],
  },
  (err) => {
    if (err) throw err;
    clearInterval(timer);
    turn(undefined);
    process.stdout.write(JSON.stringify({ windows }) + '\n');
  },
);
// A response counts in the window it arrives in: the requests in flight when the load turns land
// in the next window, as many at each turn, whichever side they were for.
instance.on('response', (_client, statusCode) => {
  if (statusCode >= 200 && statusCode < 300) current.ok++;
  else current.errors++;
});
instance.on('reqError', () => current.errors++);
let index = 0;
const timer = setInterval(() => {
  index++;
  if (index < job.order.length) turn(job.order[index]);
}, job.windowS * 1000);
