import { strict as assert } from 'node:assert';
import { install, type Clock } from '@sinonjs/fake-timers';
import type { PollResults } from '@votewire/wire';
import type { Database } from '../../../../src/db/database';
import { AppError } from '../../../../src/errors';
import type { Poll } from '../../../../src/models/Poll';
import type { ResultsService } from '../../../../src/services/results';
import { BatchedVoteWriter } from '../../../../src/services/votes/batched-writer';
import { SingleVoteWriter } from '../../../../src/services/votes/single-writer';
import { VoteBatcher, type BatchOptions, type Pending } from '../../../../src/services/votes/vote-batcher';
import type { VoteCommand, VoteOutcome } from '../../../../src/services/votes/vote-writer';

// The batched writer's queue, with a fake database: the commit only records each batch and lets
// the test decide when it finishes and what happens to each vote.

interface FakeBatch {
  votes: Pending[];
  requeue(p: Pending): void;
  /** Ends the commit, leaving its votes as they are (settled or requeued by the test). */
  end(): Promise<void>;
  /** Resolves every vote and ends the commit. */
  commit(): Promise<void>;
}

const vote = (voterKey: string, pollId = 'p1', idempotencyKey = `${voterKey}-${pollId}`): VoteCommand => ({
  poll: { id: pollId } as Poll,
  voterKey,
  optionIds: [1],
  countedIds: [1],
  idempotencyKey,
  requestHash: 'h',
  ipHash: null,
});

const outcomeOf = (p: Pending): VoteOutcome => ({
  receipt: `r-${p.command.voterKey}`,
  optionIds: p.command.optionIds,
  changed: false,
  replayed: false,
  results: { pollId: p.command.poll.id } as PollResults,
});

const voters = (batch: FakeBatch | undefined) => batch?.votes.map((p) => p.command.voterKey);

const assertShuttingDown = (err: unknown) => {
  assert.ok(err instanceof AppError, `an AppError, not ${String(err)}`);
  assert.equal(err.status, 503);
  assert.equal(err.code, 'service_unavailable');
  assert.equal(err.headers['Retry-After'], '1');
  return true;
};

describe('the vote batcher (the batched writer’s queue)', () => {
  let clock: Clock;
  let batches: FakeBatch[];
  const start = (options: Partial<BatchOptions> = {}) => {
    batches = [];
    return new VoteBatcher({ maxBatch: 3, maxWaitMs: 2, concurrency: 1, ...options }, (votes, requeue) => {
      return new Promise<void>((done) => {
        const end = async () => {
          done();
          await clock.tickAsync(0); // lets the batcher see the end of the commit
        };
        batches.push({
          votes,
          requeue,
          end,
          commit: () => {
            votes.forEach((p) => p.resolve(outcomeOf(p)));
            return end();
          },
        });
      });
    });
  };

  beforeEach(() => {
    clock = install({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => clock.uninstall());

  it('waits up to maxWaitMs for a batch to fill, then commits what has come', async () => {
    const batcher = start();
    const first = batcher.write(vote('a'));
    void batcher.write(vote('b'));
    await clock.tickAsync(1);
    assert.equal(batches.length, 0, 'nothing committed before the wait is over');
    await clock.tickAsync(1);
    assert.deepEqual(voters(batches[0]), ['a', 'b']);
    await batches[0]!.commit();
    assert.equal((await first).receipt, 'r-a');
  });

  it('commits at once when maxBatch votes wait, without waiting for the timer', async () => {
    const batcher = start();
    for (const v of ['a', 'b', 'c', 'd']) void batcher.write(vote(v));
    assert.deepEqual(voters(batches[0]), ['a', 'b', 'c']);
    assert.equal(batches.length, 1);
  });

  it('never puts two requests of one voter for one poll, or one idempotency key, in one batch', async () => {
    const batcher = start({ maxBatch: 10 });
    void batcher.write(vote('a'));
    void batcher.write(vote('a', 'p1', 'a-again')); // the same voter again for the same poll
    void batcher.write(vote('b'));
    void batcher.write(vote('a', 'p2', 'a-p1')); // another poll, but a key the voter already sent
    void batcher.write(vote('a', 'p2', 'a-p2'));
    await clock.tickAsync(2);
    assert.deepEqual(
      batches[0]!.votes.map((p) => `${p.command.voterKey}/${p.command.poll.id}`),
      ['a/p1', 'b/p1', 'a/p2'],
    );
    await batches[0]!.commit();
    const held = batches.slice(1).map((b) => b.votes.map((p) => `${p.command.voterKey}/${p.command.poll.id}/${p.command.idempotencyKey}`));
    assert.deepEqual(held, [['a/p1/a-again', 'a/p2/a-p1']], 'the held-back requests follow in the next batch, in their order');
  });

  it('keeps at most `concurrency` batches committing; the next starts when one ends', async () => {
    const batcher = start({ maxBatch: 1, concurrency: 2 });
    for (const v of ['a', 'b', 'c']) void batcher.write(vote(v));
    assert.deepEqual(batches.map(voters), [['a'], ['b']]);
    await batches[0]!.commit();
    assert.deepEqual(voters(batches[2]), ['c']);
  });

  it('puts a requeued vote in a later batch and settles it there', async () => {
    const batcher = start();
    const a = batcher.write(vote('a'));
    await clock.tickAsync(2);
    const [first] = batches;
    first!.requeue(first!.votes[0]!);
    await first!.end();
    assert.equal(batches.length, 2, 'the requeued vote goes at once when no batch is committing');
    assert.deepEqual(voters(batches[1]), ['a']);
    await batches[1]!.commit();
    assert.equal((await a).receipt, 'r-a');
  });

  it('on close, commits what is queued without waiting for the timer, and resolves once it is done', async () => {
    const batcher = start({ maxWaitMs: 60_000 });
    const a = batcher.write(vote('a'));
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    assert.deepEqual(voters(batches[0]), ['a']);
    await clock.tickAsync(0);
    assert.equal(closed, false, 'close waits for the batch in flight');
    await batches[0]!.commit();
    await closing;
    assert.equal((await a).receipt, 'r-a');
  });

  it('refuses a vote requeued while closing, and any later vote, with the retryable 503', async () => {
    const batcher = start();
    const a = batcher.write(vote('a'));
    const closing = batcher.close();
    batches[0]!.requeue(batches[0]!.votes[0]!);
    await assert.rejects(a, assertShuttingDown);
    await batches[0]!.commit();
    await closing;
    await assert.rejects(batcher.write(vote('b')), assertShuttingDown);
  });
});

describe('closed vote writers', () => {
  it('answer the retryable 503, never a 500', async () => {
    const results = {} as ResultsService;
    const db = {} as Database;
    const log = { warn: () => undefined } as never;
    const batched = new BatchedVoteWriter(db, results, { maxBatch: 1, maxWaitMs: 1, concurrency: 1 }, log);
    const single = new SingleVoteWriter(db, results);
    for (const writer of [batched, single]) {
      await writer.close();
      await assert.rejects(writer.write(vote('a')), assertShuttingDown);
    }
  });
});
