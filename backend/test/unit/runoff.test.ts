import { strict as assert } from 'node:assert';
import { instantRunoff } from '../../src/services/runoff';

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
