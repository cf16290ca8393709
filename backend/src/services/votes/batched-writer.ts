import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { TALLY_SLOTS, TallyChange } from '@votewire/db';
import type { PollResults } from '@votewire/wire';
import { insertSql, isLockConflict, isUniqueViolation, runScript, type Database } from '../../db/database';
import { Ballot } from '../../models/Ballot';
import { VoteRequest } from '../../models/VoteRequest';
import { conflict } from '../../errors';
import type { Logger } from '../../log';
import type { ResultsService, TallyRow } from '../results';
import { countedChoices } from '../poll-rules';
import type { Receipts } from '../receipts';
import type { LogAppender, LogItem } from '../log/append';
import {
  ballotRequest,
  ballotRow,
  changedBallot,
  rankBallot,
  replayedOutcome,
  replayRefusal,
  requestRow,
  storedChoices,
  supersededRequest,
  writeChangeRecords,
  type RequestRecord,
} from './rows';
import { countsPerIp, ipLimitReached, releaseIpBallot, takeIpBallot } from './ip-ballots';
import { VoteBatcher, type BatchOptions, type Pending } from './vote-batcher';
import type { VoteCommand, VoteOutcome, VoteWriter } from './vote-writer';

type Settle = (resultsOf: Map<string, PollResults>) => void;

const RETRIES = 3;

/**
 * Commits each batch of concurrent votes (grouped by VoteBatcher) as one transaction on the
 * primary: a multi-row INSERT of ballots (a first vote's ballot is also what its retry replays;
 * changes add request records), one UPDATE of the option counters and one of the poll version per
 * batch, in a tally slot of its own. A hot poll is not serialised on counter rows, concurrent
 * batches share the disk flush, and the replicas apply one transaction instead of hundreds. On MySQL/MariaDB a batch
 * of new voters (nearly every batch) is one round trip to the primary (commitAsNew).
 *
 * Every request still gets its own outcome: accepted, changed, replayed, or its own error
 * (already_voted, idempotency_conflict) without failing the others. Two requests of one voter for
 * one poll never share a batch: the later waits for the next one and then sees the earlier ballot.
 */
export class BatchedVoteWriter implements VoteWriter {
  private readonly batcher: VoteBatcher;

  constructor(
    private readonly db: Database,
    private readonly results: ResultsService,
    private readonly receipts: Receipts,
    /** Null when the deployment keeps no ballot log. */
    private readonly ballotLog: LogAppender | null,
    options: BatchOptions,
    private readonly log: Logger,
    private readonly committed: (votes: number, path: 'one-trip' | 'careful') => void = () => undefined,
  ) {
    this.batcher = new VoteBatcher(options, (batch, requeue) => this.flush(batch, requeue));
  }

  write(command: VoteCommand): Promise<VoteOutcome> {
    return this.batcher.write(command);
  }

  close(): Promise<void> {
    return this.batcher.close();
  }

  private async flush(batch: Pending[], requeue: (p: Pending) => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (this.db.dialect === 'mysql' && (await this.commitAsNew(batch))) return this.committed(batch.length, 'one-trip');
        const { settle, pollIds } = await this.db.write.transaction((trx) => this.apply(trx, batch, requeue));
        this.committed(batch.length, 'careful');
        // Read after the commit, not inside the transaction: batches in other slots commit
        // concurrently, and only a snapshot taken after a commit is sure to hold every batch that
        // its version counts (two in-transaction reads could show one version with other counts).
        // Should the read fail, the votes stand: a retry with the same key replays them.
        const resultsOf = new Map<string, PollResults>();
        try {
          for (const id of pollIds) resultsOf.set(id, await this.results.read(this.db.write, id));
        } catch (err) {
          batch.forEach((p) => p.reject(err));
          return;
        }
        settle.forEach((f) => f(resultsOf));
        return;
      } catch (err) {
        if (isLockConflict(err) && attempt < RETRIES) continue;
        this.log.warn({ err, votes: batch.length }, 'vote batch failed');
        batch.forEach((p) => p.reject(err));
        return;
      }
    }
  }

  /**
   * The common case in one round trip to the primary: every voter in the batch is new, so the batch
   * is its log entries, its ballots and its counters, then COMMIT, then the tallies read after the
   * commit (as in flush), all in one script. A voter who already has a ballot (a retry, a change, a
   * second vote) trips its unique index before the COMMIT; the script is rolled back, nothing was
   * written, and the batch goes the careful way (apply). False then.
   */
  private async commitAsNew(batch: Pending[]): Promise<boolean> {
    // An `ip` poll's ballots each take a per-address counter, which a script cannot branch on.
    if (batch.some((p) => countsPerIp(p.command))) return false;
    const write = this.db.write;
    const now = Date.now();
    const receipts = batch.map((p) => this.receipts.of(p.command.poll.id, p.command.voterKey));
    const tally = new TallyChange();
    for (const { command } of batch) {
      rankBallot(tally.count(command.countedIds, 1).touch(command.poll.id, 1), command.poll, storedChoices(command), 1);
    }
    const pollIds = [...tally.polls.keys()];
    const rows = batch.map((p, i) => ballotRow(p.command, receipts[i]!, now));
    // The log first: each new ballot's row names the seq of its entry.
    const log = this.ballotLog?.scriptStatements(
      batch.map((p, i) => ({ pollId: p.command.poll.id, commitment: rows[i]!.commitment, optionIds: p.command.optionIds, changed: false })),
      now,
    );
    const statements = [
      ...(log?.statements ?? []),
      insertSql(Ballot.tableName, log ? rows.map((r, i) => ({ ...r, logSeq: log.seqs[i]! })) : rows),
      ...tally.sql(write, randomInt(TALLY_SLOTS)),
    ];
    let out: unknown[];
    try {
      out = await runScript(write, [
        { sql: 'START TRANSACTION', bindings: [] },
        ...statements,
        { sql: 'COMMIT', bindings: [] },
        ...pollIds.map((id) => this.results.nativeQuery(write, id)),
      ]);
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
    const tallies = out.slice(-pollIds.length) as TallyRow[][];
    const resultsOf = new Map<string, PollResults>();
    for (const [i, id] of pollIds.entries()) resultsOf.set(id, this.results.fromRows(id, tallies[i]!));
    batch.forEach((p, i) =>
      p.resolve({
        receipt: receipts[i]!,
        optionIds: p.command.optionIds,
        changed: false,
        replayed: false,
        results: resultsOf.get(p.command.poll.id)!,
      }),
    );
    return true;
  }

  /**
   * Runs the batch; returns how to settle each request once the transaction has committed and the
   * polls it answers for, whose results the settling needs.
   */
  private async apply(
    trx: Knex.Transaction,
    batch: Pending[],
    requeue: (p: Pending) => void,
  ): Promise<{ settle: Settle[]; pollIds: string[] }> {
    const now = Date.now();
    const settle: Settle[] = [];
    const fail = (p: Pending, err: unknown) => settle.push(() => p.reject(err));

    // 1. Retried idempotency keys: replay the first answer or refuse another body.
    const previous = await VoteRequest.query(trx).whereIn(
      ['voterKey', 'idempotencyKey'],
      batch.map((p) => [p.command.voterKey, p.command.idempotencyKey]),
    );
    const previousByKey = new Map(previous.map((r) => [`${r.voterKey}\u0000${r.idempotencyKey}`, r]));
    const replays: { p: Pending; request: RequestRecord }[] = [];
    const fresh: Pending[] = [];
    for (const p of batch) {
      const request = previousByKey.get(`${p.command.voterKey}\u0000${p.command.idempotencyKey}`);
      const refusal = request && replayRefusal(request, p.command);
      if (!request) fresh.push(p);
      else if (refusal) fail(p, refusal);
      else replays.push({ p, request });
    }

    // 2. Voters who already have a ballot: the retry of its first vote (which keeps no request
    //    record), a change where allowed, already_voted otherwise.
    const existing = fresh.length
      ? await Ballot.query(trx).whereIn(
          ['pollId', 'voterKey'],
          fresh.map((p) => [p.command.poll.id, p.command.voterKey]),
        )
      : [];
    const ballotOf = new Map(existing.map((b) => [`${b.pollId}\u0000${b.voterKey}`, b]));
    await this.ballotLog?.lockSizes(
      trx,
      fresh.map((p) => p.command.poll.id),
    );
    const tally = new TallyChange();
    const accepted: { p: Pending; receipt: string; commitment: string; changed: boolean }[] = [];
    const inserts: Pending[] = [];
    const superseded: ReturnType<typeof supersededRequest>[] = [];
    for (const p of fresh) {
      const c = p.command;
      const ballot = ballotOf.get(`${c.poll.id}\u0000${c.voterKey}`);
      if (!ballot) {
        if (countsPerIp(c) && !(await takeIpBallot(trx, c))) fail(p, ipLimitReached(c));
        else inserts.push(p);
        continue;
      }
      if (ballot.idempotencyKey === c.idempotencyKey) {
        const request = ballotRequest(ballot);
        const refusal = replayRefusal(request, c);
        if (refusal) fail(p, refusal);
        else replays.push({ p, request });
        continue;
      }
      if (!c.poll.allowVoteChange) {
        fail(p, conflict('already_voted', 'You have already voted in this poll'));
        continue;
      }
      tally
        .count(countedChoices(c.poll.type, JSON.parse(ballot.choices) as number[]), -1)
        .count(c.countedIds, 1)
        .touch(c.poll.id, 0);
      rankBallot(rankBallot(tally, c.poll, ballot.choices, -1), c.poll, storedChoices(c), 1);
      superseded.push(supersededRequest(ballot));
      await Ballot.query(trx).patch(changedBallot(c, now)).where('id', ballot.id);
      accepted.push({
        p,
        receipt: await this.receipts.ofBallot(async (q) => q(trx), ballot),
        commitment: ballot.commitment,
        changed: true,
      });
    }

    // 3. New ballots in one INSERT. A ballot that a concurrent batch (another instance) inserted
    //    first is skipped by the unique index, and that request is retried in the next batch, where
    //    it sees that ballot (and the address's ballot it took is given back until then).
    if (inserts.length > 0) {
      const receipts = inserts.map((p) => this.receipts.of(p.command.poll.id, p.command.voterKey));
      const rows = inserts.map((p, i) => ballotRow(p.command, receipts[i]!, now));
      await trx(Ballot.tableName).insert(rows).onConflict(['poll_id', 'voter_key']).ignore();
      // A receipt is derived from the poll and the voter, so a ballot that a concurrent batch
      // inserted first has the same commitment. It is not ours: one committed before this
      // transaction's first read was found above, one committed since is outside its snapshot
      // (REPEATABLE READ), and a different idempotency key tells the rest apart.
      const mine = new Set(
        (
          await Ballot.query(trx)
            .whereIn(
              'commitment',
              rows.map((r) => r.commitment),
            )
            .select('commitment', 'idempotencyKey')
        ).map((b) => `${b.commitment}\u0000${b.idempotencyKey}`),
      );
      for (const [i, p] of inserts.entries()) {
        const receipt = receipts[i]!;
        const commitment = rows[i]!.commitment;
        if (!mine.has(`${commitment}\u0000${p.command.idempotencyKey}`)) {
          if (countsPerIp(p.command)) await releaseIpBallot(trx, p.command);
          settle.push(() => requeue(p));
          continue;
        }
        rankBallot(tally.count(p.command.countedIds, 1).touch(p.command.poll.id, 1), p.command.poll, rows[i]!.choices, 1);
        accepted.push({ p, receipt, commitment, changed: false });
      }
    }

    // 4. Counters and versions: one statement each for the whole batch, in a random tally slot, so
    //    concurrent batches of one poll rarely wait for each other and commit together.
    for (const q of tally.statements(trx, randomInt(TALLY_SLOTS))) await q;
    await writeChangeRecords(
      trx,
      superseded,
      accepted.filter((a) => a.changed).map((a) => requestRow(a.p.command, this.receipts, a.receipt, now)),
    );
    // 5. The log, whose size rows this transaction took before its first write.
    const logItems: LogItem[] = accepted.map((a) => ({
      pollId: a.p.command.poll.id,
      commitment: a.commitment,
      optionIds: a.p.command.optionIds,
      changed: a.changed,
    }));
    if (this.ballotLog && logItems.length > 0) await this.ballotLog.append(trx, logItems, now);

    for (const a of accepted) {
      const outcome = { receipt: a.receipt, optionIds: a.p.command.optionIds, changed: a.changed, replayed: false };
      settle.push((resultsOf) => a.p.resolve({ ...outcome, results: resultsOf.get(a.p.command.poll.id)! }));
    }
    for (const { p, request } of replays) {
      settle.push((resultsOf) => p.resolve(replayedOutcome(request, this.receipts, resultsOf.get(request.pollId)!)));
    }
    return { settle, pollIds: [...new Set([...tally.polls.keys(), ...replays.map((r) => r.request.pollId)])] };
  }
}
