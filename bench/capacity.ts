// `npm run capacity -- --votes 10000 --sockets 100000 [--from bench/results/<file>.json]`: the cores
// of each part of the stack for that load, from the CPU per vote and per socket message of the
// newest committed results of `npm run bench` (or the file given). The model: bench/lib/capacity.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_ASSUMPTIONS, plan, type Measured } from './lib/capacity.js';

const results = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** The newest full run that has CPU figures (the files are named by their start time). */
function latest(): string {
  const files = readdirSync(results)
    .filter((f) => /^[\d-]+T[\d-]+Z\.json$/.test(f))
    .sort()
    .reverse();
  const file = files.find((f) => (JSON.parse(readFileSync(join(results, f), 'utf8')) as Partial<Measured>).cpuMicros);
  if (!file) throw new Error(`no results file in ${results} has cpuMicros: run npm run bench, or pass --from`);
  return join(results, file);
}

const { values } = parseArgs({
  options: {
    votes: { type: 'string', default: '1000' },
    sockets: { type: 'string', default: '10000' },
    from: { type: 'string' },
    utilisation: { type: 'string', default: String(DEFAULT_ASSUMPTIONS.utilisation) },
  },
});
const number = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number ≥ 0, not ${text}`);
  return n;
};
const file = values.from ?? latest();
const measured = JSON.parse(readFileSync(file, 'utf8')) as Measured;
const load = { votesPerSecond: number('votes', values.votes), sockets: number('sockets', values.sockets) };
const assumptions = { ...DEFAULT_ASSUMPTIONS, utilisation: number('utilisation', values.utilisation) };
const p = plan(measured, load, assumptions);

const f = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
console.log(
  `${f(load.votesPerSecond)} votes/s, ${f(load.sockets)} live sockets (${assumptions.messagesPerSocket} messages/s each), ` +
    `cores at ${f(assumptions.utilisation * 100)} % busy; CPU figures from ${basename(file)}`,
);
const header = ['part', 'µs/vote', 'µs/socket msg', 'instances', 'cores each', 'cores'];
const lines = p.rows.map((r) => [
  r.part,
  f(r.microsPerVote, 1),
  f(r.microsPerSocketMessage, 1),
  f(r.instances),
  f(r.coresEach, 2),
  f(r.cores, 1),
]);
lines.push(['total', '', '', '', '', f(p.totalCores, 1)]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const row = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
console.log(row(header));
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
lines.forEach((l) => console.log(row(l)));
console.log(`one primary takes ${f(p.votesPerPrimary)} votes/s (limited by ${p.limitedBy}); this load needs ${p.shards} shard(s)`);
for (const step of p.steps) console.log(`- ${step}`);
