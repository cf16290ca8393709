/**
 * The `votewire` command of the npm package. `votewire verify <api-base> <poll-id>` recounts a
 * poll from its public ballot log and checks everything the server signed; it remembers the heads
 * it verified in a state file, so the next run also proves the log only grew since.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SignedTreeHead } from '@votewire/wire';
import { toVotewireError } from '../src/client/errors.js';
import { audit, type Audit } from '../src/log/audit.js';
import { LogApi } from '../src/log/log-api.js';

const HELP = `Usage: votewire verify <api-base> <poll-id> [--state <file>]

Recounts a Votewire poll from its public ballot log and checks what the server signed:
  - the log's signed tree head against the server's published Ed25519 keys (/api/v1/log-keys);
  - the Merkle root rebuilt from every entry (downloaded in pages) against the signed root;
  - a consistency proof from every earlier head of this poll seen before (kept in the state file);
  - the log's own rules: no gaps, and each vote change names its ballot's previous entry;
  - the recount (the latest entry per commitment; instant-runoff rounds for ranked polls) of the
    entries /results counts, against /results.

Options:
  --state <file>  where the heads seen before are kept (default ./votewire-heads.json)
  -h, --help      this text

Exit status: 0 when everything matched, 1 on any mismatch (each is named), 2 when the poll could
not be checked (bad arguments, unreachable server, results not public yet).

Example: npx votewire verify http://localhost:8080 demo-single`;

type State = { heads: Record<string, SignedTreeHead[]> };

function readState(file: string): State {
  if (!existsSync(file)) return { heads: {} };
  const state = JSON.parse(readFileSync(file, 'utf8')) as Partial<State>;
  return { heads: state.heads ?? {} };
}

const fmt = (n: number) => n.toLocaleString('en');

function print(a: Audit, apiBase: string): void {
  const { poll, head, results } = a;
  const label = (id: number) => poll.options.find((o) => o.id === id)?.label ?? '?';
  console.log(`Poll ${poll.id} "${poll.question}" (${poll.type}) at ${apiBase}`);
  console.log(
    `Log: ${fmt(a.entries)} entries; signed head: tree size ${fmt(head.treeSize)}, root ${head.rootHash}, ` +
      `key ${head.keyId}, ${new Date(head.timestamp).toISOString()}`,
  );
  console.log(`Results (counting the first ${fmt(results.treeSize ?? 0)} entries): ${fmt(results.totalBallots)} ballots`);
  for (const o of results.options) console.log(`  ${label(o.id)} (option ${o.id}): ${fmt(o.votes)}`);
  const last = results.rounds?.at(-1);
  if (last)
    console.log(`Instant runoff: ${results.rounds!.length} round(s), won by ${last.winnerIds.map(label).join(' and ') || 'nobody'}`);
  for (const line of a.checked) console.log(`ok: ${line}`);
  for (const line of a.problems) console.log(`MISMATCH: ${line}`);
  console.log(a.problems.length === 0 ? 'Verified: the count matches the signed log.' : `FAILED: ${a.problems.length} mismatch(es).`);
}

async function verify(apiBase: string, pollId: string, stateFile: string): Promise<number> {
  const state = readState(stateFile);
  const key = `${apiBase} ${pollId}`;
  const seen = state.heads[key] ?? [];
  const result = await audit(new LogApi(apiBase), pollId, seen);
  print(result, apiBase);
  const h = result.head;
  if (result.remember && !seen.some((s) => s.treeSize === h.treeSize && s.rootHash === h.rootHash)) {
    state.heads[key] = [...seen, h];
    writeFileSync(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  }
  return result.problems.length === 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { state: { type: 'string', default: './votewire-heads.json' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const [command, apiBase, pollId, ...rest] = parsed.positionals;
  if (parsed.values.help) {
    console.log(HELP);
    return 0;
  }
  if (command !== 'verify' || !apiBase || !pollId || rest.length > 0) {
    console.error(HELP);
    return 2;
  }
  try {
    return await verify(apiBase.replace(/\/+$/, ''), pollId, parsed.values.state);
  } catch (e) {
    const err = toVotewireError(e);
    const why =
      err.code === 'results_hidden'
        ? "this poll's results are not public yet; its log opens when they are"
        : `${err.code}${err.status ? ` (HTTP ${err.status})` : ''}: ${err.message}`;
    console.error(`votewire verify: could not check poll ${pollId} at ${apiBase}: ${why}`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
