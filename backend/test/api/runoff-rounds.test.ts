import { strict as assert } from 'node:assert';
import { createLogger } from '../../src/log';
import { RunoffRounds, type Rounds } from '../../src/services/rounds/runoff-rounds';
import { RunoffThread, type CountSource } from '../../src/services/rounds/runoff-thread';
import { describeOnEachBackend } from '../support/backends';
import { perBallotRunoff } from '../support/runoff-per-ballot';

const INTERVAL_MS = 300;

async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeOnEachBackend('runoff rounds, counted on the worker thread', (h) => {
  const thread = new RunoffThread();
  after(() => thread.close());

  it('counts a burst of new versions once at once and once more after the interval, with the newest; a reader never waits for a recount', async () => {
    const { api } = h();
    const poll = await api.createPoll({ type: 'ranked' });
    const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
    const vote = async (ballot: number[]) => (await api.vote(poll.id, await api.voterToken(poll.id), ballot)).body.version!;
    let counts = 0;
    const counting = {
      count: (pollId: string, source: CountSource) => {
        counts++;
        return thread.count(pollId, source);
      },
    } as RunoffThread;
    const told: Rounds[] = [];
    const rounds = new RunoffRounds(h().server.votewire.db, counting, INTERVAL_MS, createLogger('silent', 'test'), (_, r) => told.push(r));
    try {
      await vote([a, b]);
      const v1 = await vote([b, c]);
      // Fifty commits heard at once: one count, of the version they reached.
      for (let i = 0; i < 50; i++) rounds.changed(poll.id, v1);
      const first = await rounds.forReader(poll.id, v1);
      assert.equal(counts, 1);
      assert.equal(first.version, v1);
      assert.deepEqual(
        first.rounds,
        perBallotRunoff(
          [a, b, c],
          [
            [a, b],
            [b, c],
          ],
        ),
      );

      await vote([c, b]);
      const v2 = await vote([c]);
      const kept = await rounds.forReader(poll.id, v2);
      assert.equal(kept.version, v1, 'a reader gets the kept rounds at once, not a recount');
      for (let i = 0; i < 50; i++) rounds.changed(poll.id, v2);
      await until(() => told.some((r) => r.version === v2), 'the rounds count the newest version');
      assert.equal(counts, 2, 'one more count for the whole burst');
      assert.deepEqual(rounds.latest(poll.id)!.rounds, perBallotRunoff([a, b, c], [[a, b], [b, c], [c, b], [c]]));

      // Nothing newer: asking again counts nothing.
      rounds.changed(poll.id, v2);
      await new Promise((r) => setTimeout(r, INTERVAL_MS * 2));
      assert.equal(counts, 2);
      assert.deepEqual(
        told.map((r) => r.version),
        [v1, v2],
        'each new count is told once',
      );
    } finally {
      rounds.close();
    }
  });

  it("answers a poll's first reader with rounds another instance counted, without a count of its own", async () => {
    const { api } = h();
    const poll = await api.createPoll({ type: 'ranked' });
    const [a, b] = poll.options.map((o) => o.id) as [number, number];
    const version = (await api.vote(poll.id, await api.voterToken(poll.id), [a, b])).body.version!;
    let counts = 0;
    const counting = { count: () => (counts++, Promise.reject(new Error('not counted here'))) } as unknown as RunoffThread;
    // Another instance holds this interval's claim: alone, this one would wait for the next.
    const rounds = new RunoffRounds(h().server.votewire.db, counting, 60_000, createLogger('silent', 'test'), undefined, async () => false);
    try {
      const theirs: Rounds = { pollId: poll.id, version, computedAt: Date.now(), rounds: perBallotRunoff([a, b], [[a, b]]) };
      assert.equal(rounds.offer(theirs), true);
      assert.equal(await rounds.forReader(poll.id, version), theirs);
      assert.equal(rounds.offer({ ...theirs }), false, 'the same version again is not news');
      assert.equal(counts, 0);
    } finally {
      rounds.close();
    }
  });
});
