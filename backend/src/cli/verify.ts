import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Knex } from 'knex';
import { BALLOT_LOG, BALLOT_LOG_SIZES, OPTION_TALLIES_VIEW, POLL_TALLIES_VIEW, rankingCountsQuery } from '@votewire/db';
import type { PollType } from '@votewire/wire';
import { ConfigError, loadConfig } from '../config';
import { mysqlKnex, sqliteKnex } from '../db/database';
import { countedChoices } from '../services/poll-rules';

/**
 * `npm run verify`: checks a live database. Every poll's tallies (and a ranked poll's ballots per
 * ranking) equal a recount of its ballots, no voter holds two ballots in one poll, every poll's
 * ballot log is whole (seqs 0..size-1, each change superseding its ballot's previous entry), each
 * ballot's latest entry is where the ballot says and chooses what it does, a recount of the log
 * equals the tallies, and every replica's tallies equal the primary's for each poll at the same
 * tally version (the version moves in the same transaction as the counts, so two
 * servers at one version must hold the same counts). Exit 0 when all holds, 1 on any difference,
 * 2 when the database cannot be reached or the arguments are wrong.
 *
 *   verify                                  the backend's own settings (VOTEWIRE_DB_WRITE_URL,
 *                                           VOTEWIRE_DB_READ_URLS; or the SQLite file in VOTEWIRE_DATA_DIR)
 *   verify --stack DIR                      a stack started by ./build.sh (default .run/stack)
 *   verify --write-url URL [--read-urls URL,URL] [--sqlite FILE] [--wait-seconds N]
 *   --no-log                                skips the ballot log (a deployment with VOTEWIRE_BALLOT_LOG=false)
 */

export interface VerifyTarget {
  /** mysql:// URL of the primary, or null with `sqliteFile`. */
  writeUrl: string | null;
  readUrls: string[];
  sqliteFile?: string;
  /** How long a replica may take to reach the primary's GTID position before it counts as behind. */
  waitSeconds?: number;
  /** Whether to check the ballot log (default true). */
  checkLog?: boolean;
}

export interface VerifyReport {
  ok: boolean;
  polls: number;
  ballots: number;
  replicas: number;
  differences: string[];
  /** Not failures: polls still changing under load that could not be compared at one version. */
  notes: string[];
}

interface PollTally {
  version: number;
  ballotCount: number;
  /** Option id → stored votes. */
  votes: Map<number, number>;
}

async function rows<T>(knex: Knex, sql: string, bindings: readonly Knex.RawBinding[] = []): Promise<T[]> {
  const result = (await knex.raw(sql, bindings)) as unknown;
  // mysql2 answers [rows, fields]; better-sqlite3 answers rows.
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as T[];
}

async function tallies(knex: Knex): Promise<Map<string, PollTally>> {
  // Aliases without underscores: the pools map column names to camelCase, raw results included.
  const polls = await rows<{ id: string; version: number; ballots: number }>(
    knex,
    `SELECT p.id, COALESCE(t.version, 0) AS version, COALESCE(t.ballots, 0) AS ballots FROM polls p LEFT JOIN ${POLL_TALLIES_VIEW} t ON t.poll_id = p.id`,
  );
  const options = await rows<{ id: number; poll: string; votes: number }>(
    knex,
    `SELECT o.id, o.poll_id AS poll, COALESCE(t.votes, 0) AS votes FROM poll_options o LEFT JOIN ${OPTION_TALLIES_VIEW} t ON t.option_id = o.id`,
  );
  const out = new Map<string, PollTally>();
  for (const p of polls) out.set(p.id, { version: Number(p.version), ballotCount: Number(p.ballots), votes: new Map() });
  for (const o of options) out.get(o.poll)?.votes.set(Number(o.id), Number(o.votes));
  return out;
}

/** A ranked poll's stored ballots per ranking against a recount of its ballots. */
function checkRankings(
  pollId: string,
  ballots: { choices: string }[],
  stored: { ranking: string; ballots: number }[],
  report: VerifyReport,
) {
  const recount = new Map<string, number>();
  for (const b of ballots) recount.set(b.choices, (recount.get(b.choices) ?? 0) + 1);
  const counted = new Map(stored.map((r) => [r.ranking, Number(r.ballots)]));
  for (const ranking of new Set([...recount.keys(), ...counted.keys()])) {
    if ((recount.get(ranking) ?? 0) !== (counted.get(ranking) ?? 0)) {
      report.differences.push(
        `poll ${pollId}: ranking ${ranking.slice(0, 60)} counts ${counted.get(ranking) ?? 0} ballots but ${recount.get(ranking) ?? 0} hold it`,
      );
    }
  }
}

/** Tallies against a recount of the ballots, and one ballot per voter per poll. */
async function checkPrimary(knex: Knex, report: VerifyReport): Promise<Map<string, PollTally>> {
  const stored = await tallies(knex);
  const types = new Map(
    (await rows<{ id: string; type: PollType }>(knex, 'SELECT id, type FROM polls')).map((p) => [p.id, p.type] as const),
  );
  report.polls = stored.size;
  for (const [pollId, tally] of stored) {
    const ballots = await rows<{ choices: string }>(knex, 'SELECT choices FROM ballots WHERE poll_id = ?', [pollId]);
    report.ballots += ballots.length;
    const recount = new Map<number, number>([...tally.votes.keys()].map((id) => [id, 0]));
    for (const b of ballots) {
      let choices: unknown;
      try {
        choices = JSON.parse(b.choices);
      } catch {
        choices = null;
      }
      if (!Array.isArray(choices)) {
        report.differences.push(`poll ${pollId}: a ballot's choices are not a JSON array: ${b.choices.slice(0, 60)}`);
        continue;
      }
      for (const id of countedChoices(types.get(pollId)!, choices as number[])) {
        if (!recount.has(id)) report.differences.push(`poll ${pollId}: a ballot chooses option ${id}, which is not one of its options`);
        else recount.set(id, recount.get(id)! + 1);
      }
    }
    if (ballots.length !== tally.ballotCount) {
      report.differences.push(`poll ${pollId}: ballot_count is ${tally.ballotCount} but it has ${ballots.length} ballots`);
    }
    for (const [optionId, votes] of tally.votes) {
      if (votes !== recount.get(optionId)) {
        report.differences.push(`poll ${pollId}: option ${optionId} has ${votes} votes but ${recount.get(optionId)} ballots count it`);
      }
    }
    if (types.get(pollId) === 'ranked') checkRankings(pollId, ballots, await rankingCountsQuery(knex, pollId), report);
  }
  const twice = await rows<{ poll: string; voter: string; n: number }>(
    knex,
    'SELECT poll_id AS poll, voter_key AS voter, COUNT(*) AS n FROM ballots GROUP BY poll_id, voter_key HAVING COUNT(*) > 1',
  );
  for (const t of twice) report.differences.push(`poll ${t.poll}: voter ${t.voter} has ${t.n} ballots`);
  return stored;
}

interface LogRow {
  seq: number;
  commitment: string;
  options: string;
  supersedes: number | null;
}

/** Each poll's ballot log against itself, its ballots and its tallies. */
async function checkLog(knex: Knex, stored: Map<string, PollTally>, report: VerifyReport): Promise<void> {
  const types = new Map(
    (await rows<{ id: string; type: PollType }>(knex, 'SELECT id, type FROM polls')).map((p) => [p.id, p.type] as const),
  );
  const sizes = new Map(
    (await rows<{ poll: string; size: number }>(knex, `SELECT poll_id AS poll, size FROM ${BALLOT_LOG_SIZES}`)).map((r) => [
      r.poll,
      Number(r.size),
    ]),
  );
  for (const [pollId, tally] of stored) {
    const where = `poll ${pollId}`;
    const size = sizes.get(pollId);
    if (size === undefined) {
      report.differences.push(`${where}: has no ballot log`);
      continue;
    }
    const entries = await rows<LogRow>(
      knex,
      `SELECT seq, commitment, option_ids AS options, supersedes FROM ${BALLOT_LOG} WHERE poll_id = ? ORDER BY seq`,
      [pollId],
    );
    const latest = new Map<string, { seq: number; optionIds: number[] }>();
    let expected = 0;
    for (const e of entries) {
      const seq = Number(e.seq);
      if (seq !== expected) {
        report.differences.push(
          seq > expected ? `${where}: log entries ${expected} to ${seq - 1} are missing` : `${where}: log entry ${seq} appears twice`,
        );
      }
      expected = seq + 1;
      let optionIds: number[];
      try {
        optionIds = JSON.parse(e.options) as number[];
        if (!Array.isArray(optionIds)) throw new Error();
      } catch {
        report.differences.push(`entry ${seq} of ${where}: its option ids are not a JSON array`);
        continue;
      }
      const supersedes = e.supersedes === null ? null : Number(e.supersedes);
      const before = latest.get(e.commitment)?.seq ?? null;
      if (supersedes !== before) {
        report.differences.push(
          `entry ${seq} of ${where}: supersedes ${supersedes ?? 'nothing'}, but its commitment's previous entry is ${before ?? 'none'}`,
        );
      }
      latest.set(e.commitment, { seq, optionIds });
    }
    if (expected < size) report.differences.push(`${where}: log entries ${expected} to ${size - 1} are missing (its size is ${size})`);
    if (expected > size) report.differences.push(`${where}: the log holds entries up to ${expected - 1} but its size is ${size}`);

    const ballots = await rows<{ id: number; commitment: string; choices: string; logged: number | null }>(
      knex,
      'SELECT id, commitment, choices, log_seq AS logged FROM ballots WHERE poll_id = ? ORDER BY id',
      [pollId],
    );
    const commitments = new Set<string>();
    for (const b of ballots) {
      commitments.add(b.commitment);
      const entry = latest.get(b.commitment);
      if (!entry) report.differences.push(`${where}: ballot ${b.id} has no log entry`);
      else if (b.logged === null || Number(b.logged) !== entry.seq) {
        // Entries moved (two swapped, say) no longer sit where their ballots were told they are.
        report.differences.push(
          `entry ${entry.seq} of ${where}: it is the latest of ballot ${b.id}, which names entry ${b.logged ?? 'none'} as its latest`,
        );
      } else if (JSON.stringify(entry.optionIds) !== JSON.stringify(JSON.parse(b.choices))) {
        report.differences.push(
          `${where}: ballot ${b.id} chooses ${b.choices} but its latest log entry ${entry.seq} says ${JSON.stringify(entry.optionIds)}`,
        );
      }
    }
    for (const [commitment, entry] of latest) {
      if (!commitments.has(commitment)) report.differences.push(`entry ${entry.seq} of ${where}: no ballot has its commitment`);
    }
    const recount = new Map<number, number>();
    for (const { optionIds } of latest.values()) {
      for (const id of countedChoices(types.get(pollId)!, optionIds)) recount.set(id, (recount.get(id) ?? 0) + 1);
    }
    if (latest.size !== tally.ballotCount) {
      report.differences.push(`${where}: the log recounts ${latest.size} ballots but ballot_count is ${tally.ballotCount}`);
    }
    for (const [optionId, votes] of tally.votes) {
      if ((recount.get(optionId) ?? 0) !== votes) {
        report.differences.push(
          `${where}: the log recounts ${recount.get(optionId) ?? 0} votes for option ${optionId} but its tally is ${votes}`,
        );
      }
    }
  }
}

const sameCounts = (a: PollTally, b: PollTally) =>
  a.ballotCount === b.ballotCount && a.votes.size === b.votes.size && [...a.votes].every(([id, v]) => b.votes.get(id) === v);

/**
 * Each replica against the primary. The replica first waits until it has applied the primary's
 * binlog up to now (MASTER_GTID_WAIT); then polls at the same version on both must hold the same
 * counts. A poll that moved on the primary in between is compared again, up to three rounds.
 */
async function checkReplica(primary: Knex, replica: Knex, name: string, waitSeconds: number, report: VerifyReport): Promise<void> {
  let pending: Set<string> | null = null;
  for (let round = 1; round <= 3; round++) {
    const [{ pos }] = await rows<{ pos: string }>(primary, 'SELECT @@gtid_binlog_pos AS pos');
    const [{ r }] = await rows<{ r: number }>(replica, 'SELECT MASTER_GTID_WAIT(?, ?) AS r', [pos ?? '', waitSeconds]);
    if (Number(r) !== 0) {
      report.differences.push(
        `${name}: did not reach the primary's GTID position ${pos} within ${waitSeconds} s (replication stopped or behind)`,
      );
      return;
    }
    const theirs = await tallies(replica);
    const ours = await tallies(primary);
    const next = new Set<string>();
    for (const [pollId, mine] of ours) {
      if (pending && !pending.has(pollId)) continue;
      const copy = theirs.get(pollId);
      if (!copy) {
        next.add(pollId);
        continue;
      }
      if (copy.version === mine.version) {
        if (!sameCounts(copy, mine)) {
          report.differences.push(
            `${name}: poll ${pollId} at version ${mine.version} differs from the primary ` +
              `(ballots ${copy.ballotCount} vs ${mine.ballotCount}, votes ${[...copy.votes.values()].join('/')} vs ${[...mine.votes.values()].join('/')})`,
          );
        }
      } else if (copy.version > mine.version) {
        report.differences.push(`${name}: poll ${pollId} is at version ${copy.version}, ahead of the primary's ${mine.version}`);
      } else next.add(pollId);
    }
    for (const pollId of theirs.keys()) {
      if (!ours.has(pollId) && !pending) report.differences.push(`${name}: has poll ${pollId}, which the primary does not`);
    }
    if (next.size === 0) return;
    pending = next;
  }
  for (const pollId of pending ?? []) report.notes.push(`${name}: poll ${pollId} kept changing; not compared at one version`);
}

export async function verifyDatabase(target: VerifyTarget): Promise<VerifyReport> {
  const report: VerifyReport = { ok: false, polls: 0, ballots: 0, replicas: target.readUrls.length, differences: [], notes: [] };
  const primary = target.writeUrl ? mysqlKnex(target.writeUrl, 2) : sqliteKnex(target.sqliteFile!);
  const replicas = target.readUrls.map((u) => mysqlKnex(u, 2));
  try {
    const stored = await checkPrimary(primary, report);
    if (target.checkLog ?? true) await checkLog(primary, stored, report);
    for (const [i, replica] of replicas.entries()) {
      await checkReplica(primary, replica, `replica ${i + 1} (${new URL(target.readUrls[i]!).port})`, target.waitSeconds ?? 30, report);
    }
  } finally {
    await Promise.all([primary, ...replicas].map((k) => k.destroy()));
  }
  report.ok = report.differences.length === 0;
  return report;
}

/** The primary and replicas of a stack that ./build.sh started, from what it recorded. */
export function stackTarget(dir: string): VerifyTarget {
  const envFile = join(dir, 'run/stack.env');
  if (!existsSync(envFile)) throw new ConfigError(`${envFile} does not exist: no stack was started in ${dir}`);
  const recorded = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^'|'$/g, '')]),
  ) as Record<string, string>;
  const password = encodeURIComponent(readFileSync(join(dir, 'state/db-app-password'), 'utf8').trim());
  const url = (port: string) => `mysql://votewire:${password}@127.0.0.1:${port}/votewire`;
  return {
    writeUrl: url(recorded.PRIMARY_PORT!),
    readUrls: (recorded.REPLICA_PORTS ?? '').split(/[ ,]+/).filter(Boolean).map(url),
  };
}

export function parseArgs(argv: string[], env: Record<string, string | undefined>): VerifyTarget {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (name === '--no-log') {
      flags.set(name, '');
      continue;
    }
    if (!['--stack', '--write-url', '--read-urls', '--sqlite', '--wait-seconds'].includes(name)) {
      throw new ConfigError(`unknown argument: ${arg}`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new ConfigError(`${name} needs a value`);
    flags.set(name, value);
  }
  const wait = flags.has('--wait-seconds') ? Number(flags.get('--wait-seconds')) : undefined;
  if (wait !== undefined && !(Number.isInteger(wait) && wait >= 0)) throw new ConfigError('--wait-seconds must be a whole number');
  let target: VerifyTarget;
  let checkLog = !flags.has('--no-log');
  if (flags.has('--stack')) target = stackTarget(resolve(flags.get('--stack')!));
  else if (flags.has('--write-url') || flags.has('--sqlite')) {
    target = {
      writeUrl: flags.get('--write-url') ?? null,
      readUrls: (flags.get('--read-urls') ?? '').split(',').filter(Boolean),
      sqliteFile: flags.get('--sqlite'),
    };
  } else {
    // The backend's own settings. Verifying signs nothing, so the secret and the log signing key a
    // server database requires at start-up are not needed here.
    const config = loadConfig({
      ...env,
      VOTEWIRE_SECRET: env.VOTEWIRE_SECRET || 'verify-signs-nothing-'.repeat(2),
      VOTEWIRE_LOG_SIGNING_KEY: env.VOTEWIRE_LOG_SIGNING_KEY || '0'.repeat(64),
    });
    checkLog &&= config.ballotLog;
    if (config.dbWriteUrl) target = { writeUrl: config.dbWriteUrl, readUrls: config.dbReadUrls };
    else {
      const file = join(config.dataDir, 'votewire.sqlite');
      const stack = resolve(__dirname, '../../../.run/stack');
      if (existsSync(file)) target = { writeUrl: null, readUrls: [], sqliteFile: file };
      else if (existsSync(join(stack, 'run/stack.env'))) target = stackTarget(stack);
      else throw new ConfigError(`no database to verify: set VOTEWIRE_DB_WRITE_URL, or pass --stack DIR or --write-url URL (no ${file})`);
    }
  }
  if (target.sqliteFile && !existsSync(target.sqliteFile)) throw new ConfigError(`${target.sqliteFile} does not exist`);
  return { ...target, waitSeconds: wait ?? target.waitSeconds, checkLog };
}

async function main(): Promise<number> {
  let target: VerifyTarget;
  try {
    target = parseArgs(process.argv.slice(2), process.env);
  } catch (err) {
    process.stderr.write(`verify: ${(err as Error).message}\n`);
    return 2;
  }
  const where = target.writeUrl ? new URL(target.writeUrl).host : target.sqliteFile;
  const report = await verifyDatabase(target);
  for (const d of report.differences) process.stdout.write(`DIFFERENCE ${d}\n`);
  for (const n of report.notes) process.stdout.write(`note ${n}\n`);
  process.stdout.write(
    `verify ${where}: ${report.polls} polls, ${report.ballots} ballots, ${report.replicas} replicas: ` +
      (report.ok
        ? `tallies equal ballots${target.checkLog === false ? '' : ' and the ballot logs'}, no voter twice, replicas equal the primary\n`
        : `${report.differences.length} difference(s)\n`),
  );
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`verify: could not check the database: ${(err as Error)?.message ?? String(err)}\n`);
      process.exit(2);
    },
  );
}
