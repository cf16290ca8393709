// `npm run build && npx tsx bench/validate.ts`: what validating one vote body costs on the vote path (ns per call),
// for a valid body and for a refused one (whose cost includes building the error).
import { VoteRequest } from '@votewire/wire/schema';
import { bodyParser } from '../backend/dist/services/validate.js';

function timePerCall(label: string, fn: () => void, rounds = 2_000_000): void {
  for (let i = 0; i < rounds / 10; i++) fn(); // warm up the JIT
  const start = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) fn();
  const ns = Number(process.hrtime.bigint() - start) / rounds;
  console.log(`${label}: ${ns.toFixed(0)} ns/call`);
}

const parse = bodyParser(VoteRequest);
const attempt = (body: unknown) => () => {
  try {
    parse(body);
  } catch {
    // refused, as expected
  }
};

timePerCall('valid vote body {optionIds:[3,1,2]}', attempt({ optionIds: [3, 1, 2] }));
timePerCall('refused vote body {optionIds:[1.5]}', attempt({ optionIds: [1.5] }), 200_000);
