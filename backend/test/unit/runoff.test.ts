import { strict as assert } from 'node:assert';
import { instantRunoff as fromCounts, type RankingCount } from '../../src/services/runoff';
import { perBallotRunoff } from '../support/runoff-per-ballot';
import { prng } from '../support/prng';

/** Ballots grouped per distinct ranking, in a shuffled order: what the ranking counts hold. */
function grouped(ballots: number[][], random = Math.random): RankingCount[] {
  const byKey = new Map<string, RankingCount>();
  for (const b of ballots) {
    const key = JSON.stringify(b);
    const entry = byKey.get(key) ?? { ranking: b, ballots: 0 };
    entry.ballots++;
    byKey.set(key, entry);
  }
  const out = [...byKey.values()];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every example runs through the count from ranking counts, which must agree with the per-ballot one. */
const instantRunoff = (optionIds: number[], ballots: number[][]) => {
  const rounds = fromCounts(optionIds, grouped(ballots));
  assert.deepEqual(rounds, perBallotRunoff(optionIds, ballots));
  return rounds;
};

const A = 1,
  B = 2,
  C = 3,
  D = 4,
  E = 5;
const times = (n: number, ballot: number[]) => Array.from({ length: n }, () => ballot);
const counts = (round: { counts: { id: number; votes: number }[] }) => Object.fromEntries(round.counts.map((c) => [c.id, c.votes]));

describe('instant-runoff counting', () => {
  it('declares a first-round majority winner without further rounds', () => {
    const rounds = instantRunoff([A, B, C], [...times(3, [A]), [B], [C]]);
    assert.equal(rounds.length, 1);
    assert.deepEqual(rounds[0]!.winnerIds, [A]);
    assert.deepEqual(counts(rounds[0]!), { [A]: 3, [B]: 1, [C]: 1 });
  });

  it('transfers the last-placed option’s ballots to their next preference (8/7/6 example: B wins)', () => {
    const ballots = [...times(8, [A, B, C]), ...times(7, [B, C, A]), ...times(6, [C, B, A])];
    const rounds = instantRunoff([A, B, C], ballots);
    assert.equal(rounds.length, 2);
    assert.deepEqual(rounds[0]!.eliminated, [C]);
    assert.deepEqual(counts(rounds[1]!), { [A]: 8, [B]: 13 });
    assert.deepEqual(rounds[1]!.winnerIds, [B]);
  });

  it('eliminates options tied for last together when no earlier round separates them', () => {
    const ballots = [...times(4, [A]), ...times(3, [B]), ...times(2, [C, B]), ...times(2, [D, A])];
    const rounds = instantRunoff([A, B, C, D], ballots);
    assert.deepEqual(rounds[0]!.eliminated.sort(), [C, D]);
    assert.deepEqual(counts(rounds[1]!), { [A]: 6, [B]: 5 });
    assert.deepEqual(rounds[1]!.winnerIds, [A]);
  });

  it('breaks a tie for last by the earlier round’s counts', () => {
    const ballots = [...times(6, [A]), ...times(4, [B]), ...times(3, [C]), ...times(2, [D]), [E, D]];
    const rounds = instantRunoff([A, B, C, D, E], ballots);
    assert.deepEqual(rounds[0]!.eliminated, [E]);
    assert.deepEqual(counts(rounds[1]!), { [A]: 6, [B]: 4, [C]: 3, [D]: 3 });
    assert.deepEqual(rounds[1]!.eliminated, [D], 'D had fewer first preferences than C in round 1');
    assert.equal(rounds[2]!.exhausted, 3);
    assert.deepEqual(rounds.at(-1)!.winnerIds, [A]);
  });

  it('counts exhausted ballots and decides on the continuing ones', () => {
    const rounds = instantRunoff([A, B, C], [...times(3, [A]), ...times(2, [B]), ...times(2, [C])]);
    assert.equal(rounds.length, 2);
    assert.equal(rounds[1]!.exhausted, 4);
    assert.deepEqual(rounds[1]!.winnerIds, [A]);
  });

  it('declares a shared win when every continuing option is tied', () => {
    const rounds = instantRunoff([A, B], [...times(2, [A]), ...times(2, [B])]);
    assert.equal(rounds.length, 1);
    assert.deepEqual(rounds[0]!.winnerIds.sort(), [A, B]);
    assert.deepEqual(rounds[0]!.eliminated, []);
  });

  it('has no rounds before the first ballot', () => {
    assert.deepEqual(instantRunoff([A, B], []), []);
  });
});

describe('instant-runoff from ranking counts', () => {
  it('equals the per-ballot count on 600 random polls (winners, rounds, eliminations, ties)', () => {
    let ties = 0;
    let multiRound = 0;
    for (let seed = 1; seed <= 600; seed++) {
      const random = prng(seed);
      const options = Array.from({ length: 2 + Math.floor(random() * 7) }, (_, i) => 10 + i * 3);
      // Few ballots over few options: ties for last, shared wins and exhausted ballots are common.
      const ballots = Array.from({ length: Math.floor(random() * 40) }, () => {
        const pool = [...options];
        const length = 1 + Math.floor(random() * pool.length);
        return Array.from({ length }, () => pool.splice(Math.floor(random() * pool.length), 1)[0]!);
      });
      const expected = perBallotRunoff(options, ballots);
      assert.deepEqual(fromCounts(options, grouped(ballots, random)), expected, `seed ${seed}`);
      if (expected.some((r) => r.eliminated.length > 1 || r.winnerIds.length > 1)) ties++;
      if (expected.length > 2) multiRound++;
    }
    assert.ok(ties > 30 && multiRound > 100, `the random polls exercise ties (${ties}) and several rounds (${multiRound})`);
  });

  it('counts 100,000 ballots of 50 options from their rankings', () => {
    const random = prng(42);
    const options = Array.from({ length: 50 }, (_, i) => i + 1);
    const ballots = Array.from({ length: 100_000 }, () => {
      const pool = [...options];
      // Skewed toward the first options, three choices: far fewer distinct rankings than ballots.
      return Array.from({ length: 3 }, () => pool.splice(Math.floor(random() ** 3 * pool.length), 1)[0]!);
    });
    const counts = grouped(ballots, random);
    assert.ok(counts.length < ballots.length / 2, `${counts.length} distinct rankings`);
    assert.deepEqual(fromCounts(options, counts), perBallotRunoff(options, ballots));
  });
});
