// The capacity model's arithmetic, on figures chosen so that every result can be worked out by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { plan, type Assumptions, type Measured } from '../lib/capacity.js';

const measured: Measured = {
  cpuMicros: {
    perVote: { backends: 400, primary: 100, replicas: 200, nginx: 50, redis: 20 },
    perSocketMessage: { backends: 20, nginx: 5 },
  },
  settings: { ports: { replicas: [1, 2] } },
};
const assumptions: Assumptions = { messagesPerSocket: 4, utilisation: 0.5, primaryCores: 4, applierThreads: 2, replicasPerShard: 2 };

describe('capacity model', () => {
  it('gives each part its cores for votes and socket messages, and shards when one primary cannot keep up', () => {
    // One primary: 4 cores × 0.5 / 100 µs = 20,000 votes/s by CPU; a replica (100 µs a vote, 2
    // appliers × 0.5) applies 10,000: the replicas set the limit, so 25,000 votes/s take 3 shards.
    const p = plan(measured, { votesPerSecond: 25_000, sockets: 10_000 }, assumptions);
    assert.equal(p.votesPerPrimary, 10_000);
    assert.equal(p.limitedBy, 'replica apply');
    assert.equal(p.shards, 3);
    const row = (part: string) => p.rows.find((r) => r.part === part)!;
    // (25,000 × 400 + 40,000 messages × 20) µs/s = 10.8 busy cores, 21.6 at 50 %.
    assert.deepEqual(row('backends'), {
      part: 'backends',
      microsPerVote: 400,
      microsPerSocketMessage: 20,
      instances: 22,
      coresEach: 0.98,
      cores: 21.6,
    });
    assert.equal(row('nginx').cores, 2.9);
    assert.equal(row('nginx').instances, 3);
    assert.equal(row('redis').cores, 1);
    assert.equal(row('redis').instances, 1);
    // Each of the 3 primaries takes a third of the votes: 8,333 × 100 µs at 50 % = 1.67 cores.
    assert.deepEqual(row('primary'), {
      part: 'primary',
      microsPerVote: 100,
      microsPerSocketMessage: 0,
      instances: 3,
      coresEach: 1.67,
      cores: 5,
    });
    // Every replica applies all of its shard: 2 per shard, 6 in all.
    assert.equal(row('replica').instances, 6);
    assert.equal(row('replica').cores, 10);
    assert.equal(p.totalCores, 40.5);
    assert.match(p.steps.join('\n'), /across 3 primaries .* 10,000 votes\/s \(limited by replica apply\)/);
    assert.match(p.steps.join('\n'), /22 backends: .*sharded adapter/);
    assert.doesNotMatch(p.steps.join('\n'), /Redis Cluster, polls/);
  });

  it('needs no step beyond one of each for a small load, and names primary CPU when it is the limit', () => {
    const p = plan(measured, { votesPerSecond: 100, sockets: 0 }, { ...assumptions, applierThreads: 8 });
    assert.equal(p.limitedBy, 'primary CPU');
    assert.equal(p.votesPerPrimary, 20_000);
    assert.equal(p.shards, 1);
    assert.deepEqual(p.steps, []);
    assert.deepEqual(
      p.rows.map((r) => [r.part, r.instances]),
      [
        ['backends', 1],
        ['nginx', 1],
        ['redis', 1],
        ['primary', 1],
        ['replica', 2],
      ],
    );
    // 100 votes × 400 µs = 0.04 busy cores, 0.08 at 50 %.
    assert.equal(p.rows[0]!.cores, 0.08);
  });
});
