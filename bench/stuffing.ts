// `npx tsx bench/stuffing.ts [seconds]`: a motivated cheater on one address against an embedded
// Votewire with its default settings (SQLite, default rate limits), one poll per voter policy: for
// 60 s each it mints a fresh voter token and votes with it, 20 at a time, as fast as the rate
// limits let it (it waits out each 429's Retry-After). Prints the counted ballots per policy: the
// stuffing table of docs/reliability.md. Needs `npm run build` first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { solveChallenge } from 'altcha-lib/v1';
import { SignJWT } from 'jose';
import type { AdminPoll, AltchaChallenge, PollInput } from '@votewire/wire';
import { loadConfig } from '../backend/dist/config.js';
import { startVotewire } from '../backend/dist/bootstrap.js';

const seconds = Number(process.argv[2] ?? 60);
const AT_ONCE = 20;
const ADMIN_KEY = 'stuffing-bench-admin-key-' + randomUUID();
let base = '';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, retryAfter: Number(res.headers.get('retry-after') ?? 0) };
}
const admin = (method: string, path: string, body?: unknown) => call(method, path, body, { authorization: `Bearer ${ADMIN_KEY}` });

async function createPoll(input: Partial<PollInput>): Promise<AdminPoll> {
  const res = await admin('POST', '/polls', {
    question: `Stuffing: ${input.voterPolicy}`,
    options: [{ label: 'Mine' }, { label: 'Theirs' }],
    ...input,
  });
  if (res.status !== 201) throw new Error(`create poll: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as AdminPoll;
}

async function solve(pollId: string): Promise<string | undefined> {
  const { body: challenge } = (await call('GET', `/voter-tokens/challenge?pollId=${pollId}`)) as { body: AltchaChallenge };
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, challenge.maxnumber).promise;
  return solution ? btoa(JSON.stringify({ ...challenge, maxnumber: undefined, number: solution.number })) : undefined;
}

/** One cheater for `seconds`: returns the counted ballots and the answers it got. */
async function stuff(poll: AdminPoll, extra: () => Promise<Record<string, string | undefined>>) {
  const until = Date.now() + seconds * 1000;
  const answers = new Map<string, number>();
  const note = (what: string) => answers.set(what, (answers.get(what) ?? 0) + 1);
  const worker = async () => {
    while (Date.now() < until) {
      const minted = await call('POST', '/voter-tokens', { pollId: poll.id, ...(await extra()) });
      if (minted.status !== 201) {
        note(`token ${minted.status} ${minted.body?.error?.code ?? ''}`.trim());
        await sleep(Math.min(1000 * (minted.retryAfter || 0.05), until - Date.now()));
        continue;
      }
      const vote = await call(
        'POST',
        `/polls/${poll.id}/votes`,
        { optionIds: [poll.options[0]!.id] },
        {
          'x-voter-token': minted.body.token,
          'idempotency-key': randomUUID(),
        },
      );
      note(`vote ${vote.status} ${vote.body?.error?.code ?? ''}`.trim());
      if (vote.status === 429) await sleep(Math.min(1000 * vote.retryAfter, until - Date.now()));
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  const results = await admin('GET', `/polls/${poll.id}/results`);
  return { counted: results.body.totalBallots as number, answers: Object.fromEntries(answers) };
}

interface Scenario {
  policy: string;
  input: Partial<PollInput>;
  proofOfWork?: boolean;
  extra: (poll: AdminPoll, siteId: number) => Promise<() => Promise<Record<string, string | undefined>>>;
}

const none = async () => async () => ({});
const scenarios: Scenario[] = [
  { policy: 'browser (proof of work off)', input: { voterPolicy: 'browser' }, extra: none },
  {
    policy: 'browser (proof of work on, default difficulty)',
    input: { voterPolicy: 'browser' },
    proofOfWork: true,
    extra: async (poll) => async () => ({ altcha: await solve(poll.id) }),
  },
  { policy: 'ip (maxBallotsPerIp 1)', input: { voterPolicy: 'ip' }, extra: none },
  {
    policy: 'site_user (one account)',
    input: { voterPolicy: 'site_user' },
    // The cheater has one account on the site, which signs as many JWTs for it as asked.
    extra: async (_poll, siteId) => {
      const key = (await admin('POST', '/site/identity-keys')).body as { id: string; secret: string };
      return async () => ({
        identity: await new SignJWT({ sub: 'the-cheater', aud: String(siteId) })
          .setProtectedHeader({ alg: 'HS256', kid: key.id })
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(key.secret)),
      });
    },
  },
];

/** Each policy on a fresh embedded instance (port 0), so one run's spent rate limits do not count against the next. */
async function run(s: Scenario) {
  const dataDir = mkdtempSync(join(tmpdir(), 'votewire-stuffing-'));
  const votewire = await startVotewire(
    loadConfig({ VOTEWIRE_PORT: '0', VOTEWIRE_DATA_DIR: dataDir, VOTEWIRE_ADMIN_KEY: ADMIN_KEY, VOTEWIRE_LOG_LEVEL: 'error' }),
  );
  base = votewire.url + '/api/v1';
  try {
    const site = (await admin('GET', '/site')).body;
    if (s.proofOfWork) await admin('PATCH', '/site', { proofOfWork: { ...site.proofOfWork, enabled: true } });
    const poll = await createPoll(s.input);
    return await stuff(poll, await s.extra(poll, site.id));
  } finally {
    await votewire.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: string[] = [];
for (const s of scenarios) {
  const r = await run(s);
  const answers = Object.entries(r.answers)
    .map(([what, n]) => `${what}: ${n}`)
    .join(', ');
  rows.push(`| ${s.policy} | ${r.counted} | ${answers} |`);
}
console.log(`\n| policy | counted ballots from one client in ${seconds} s | answers |\n|---|---|---|\n${rows.join('\n')}`);
