// Prints the gzip size of what a page downloads before the widget's first render (vote-poll.js and
// the chunks it imports statically) and of the lazy chunks; fails when the first exceeds the budget.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const BUDGET = 12 * 1024;
const dir = fileURLToPath(new URL('../dist/cdn/', import.meta.url));
const read = (file) => readFileSync(dir + file, 'utf8');
const gz = (file) => gzipSync(read(file), { level: 9 }).length;

// Static imports (`import{…}from"./x.js"` or `import"./x.js"`) load up front; `import("./x.js")` is lazy.
const staticImports = (file) => [...read(file).matchAll(/(?:^|[;}\s])import(?:[^("']*?from)?\s*["']\.\/([^"']+)["']/g)].map((m) => m[1]);

const initial = new Set();
const visit = (file) => {
  if (initial.has(file)) return;
  initial.add(file);
  staticImports(file).forEach(visit);
};
visit('vote-poll.js');

const lazy = readdirSync(dir).filter((f) => f.endsWith('.js') && !initial.has(f));
const initialBytes = [...initial].reduce((sum, f) => sum + gz(f), 0);
const socket = lazy.filter((f) => f.startsWith('socket-'));
const socketBytes = socket.reduce((sum, f) => sum + gz(f), 0);

console.log(`initial load (Lit + <vote-poll>): ${initialBytes} bytes gzip (budget ${BUDGET}) [${[...initial].join(', ')}]`);
console.log(`socket chunk (socket.io-client, lazy): ${socketBytes} bytes gzip [${socket.join(', ')}]`);
for (const f of lazy.filter((f) => !socket.includes(f))) console.log(`  other lazy chunk ${f}: ${gz(f)} bytes gzip`);
// Not part of the first render, but fetched right after it whenever an open poll is shown.
const queue = lazy.find((f) => f.startsWith('vote-queue-'));
if (queue)
  console.log(`first load + vote queue (prefetched after the first render of an open poll): ${initialBytes + gz(queue)} bytes gzip`);
if (initialBytes > BUDGET) {
  console.error(`initial load is ${initialBytes - BUDGET} bytes over the ${BUDGET}-byte budget`);
  process.exit(1);
}
