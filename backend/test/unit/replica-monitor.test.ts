import { strict as assert } from 'node:assert';
import type { Knex } from 'knex';
import { createLogger } from '../../src/log';
import { ReplicaMonitor, gtidSeq } from '../../src/db/replica-monitor';

/** A server that only answers the GTID position query, with whatever position it holds now. */
const server = (position: () => string) =>
  ({ raw: async () => [[{ pos: position() }]], destroy: async () => undefined }) as unknown as Knex;

describe('replica monitor', () => {
  const realNow = Date.now;
  let now = 0;
  before(() => (Date.now = () => now));
  after(() => (Date.now = realNow));

  it('sums sequence numbers over GTID domains', () => {
    assert.equal(gtidSeq('0-1-100'), 100);
    assert.equal(gtidSeq('0-1-100,1-2-7'), 107);
    assert.equal(gtidSeq(''), 0);
  });

  it('interpolates lag between primary samples, and a stalled replica falls behind in real time', async () => {
    let primary = '0-1-100';
    let replica = '0-1-100';
    const monitor = new ReplicaMonitor(
      server(() => primary),
      [{ name: 'r1', knex: server(() => replica) }],
      1000,
      createLogger('silent', 't'),
    );
    const state = () => monitor.states().replicas[0]!;

    now = 10_000;
    await monitor.tick();
    assert.equal(state().lagMs, 0);

    // The primary went from 100 to 200 in 250 ms; the replica has 190, which the primary passed
    // 90 % of the way through: 25 ms ago, not a whole tick.
    now = 10_250;
    primary = '0-1-200';
    replica = '0-1-190';
    await monitor.tick();
    assert.equal(state().lagMs, 25);
    assert.equal(state().healthy, true);

    // Caught up again.
    now = 10_500;
    replica = '0-1-200';
    await monitor.tick();
    assert.equal(state().lagMs, 0);

    // Stalled at 200 while the primary moves on: the lag is the time since the primary passed 200.
    now = 12_000;
    primary = '0-1-300';
    await monitor.tick();
    assert.equal(state().lagMs, 1500);
    assert.equal(state().healthy, false, 'beyond the 1000 ms threshold');
  });
});
