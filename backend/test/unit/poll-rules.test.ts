import { strict as assert } from 'node:assert';
import { checkChoices, phaseOf, resultsVisible } from '../../src/services/poll-rules';
import { AppError } from '../../src/errors';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as AppError).code;
  }
  return 'no error';
};

describe('poll rules', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');

  it('derives the phase from status and schedule', () => {
    const at = (status: 'draft' | 'open' | 'closed', opensAt: number | null, closesAt: number | null) =>
      phaseOf({ status, opensAt, closesAt }, now);
    assert.equal(at('draft', null, null), 'draft');
    assert.equal(at('open', null, null), 'open');
    assert.equal(at('open', now + 1000, null), 'scheduled');
    assert.equal(at('open', now - 1000, now + 1000), 'open');
    assert.equal(at('open', null, now), 'closed', 'closes at the closing instant');
    assert.equal(at('closed', null, now + 1000), 'closed');
  });

  it('shows results according to visibility, phase and whether the voter voted', () => {
    assert.equal(resultsVisible('always', 'open', false), true);
    assert.equal(resultsVisible('after_vote', 'open', false), false);
    assert.equal(resultsVisible('after_vote', 'open', true), true);
    assert.equal(resultsVisible('after_vote', 'closed', false), true);
    assert.equal(resultsVisible('after_close', 'open', true), false);
    assert.equal(resultsVisible('after_close', 'closed', false), true);
    assert.equal(resultsVisible('hidden', 'closed', true), false);
  });

  it('checks choices against the poll’s options and limits', () => {
    const ids = new Set([1, 2, 3, 4]);
    const single = { type: 'single' as const, minChoices: 1, maxChoices: 1 };
    const multiple = { type: 'multiple' as const, minChoices: 2, maxChoices: 3 };
    const ranked = { type: 'ranked' as const, minChoices: 1, maxChoices: 4 };
    assert.deepEqual(checkChoices(single, [2], ids), [2]);
    assert.equal(
      code(() => checkChoices(single, [1, 2], ids)),
      'invalid_choice',
    );
    assert.equal(
      code(() => checkChoices(single, [9], ids)),
      'invalid_choice',
    );
    assert.deepEqual(checkChoices(multiple, [1, 3], ids), [1, 3]);
    assert.equal(
      code(() => checkChoices(multiple, [1], ids)),
      'invalid_choice',
    );
    assert.equal(
      code(() => checkChoices(multiple, [1, 2, 3, 4], ids)),
      'invalid_choice',
    );
    assert.equal(
      code(() => checkChoices(multiple, [1, 1], ids)),
      'invalid_choice',
    );
    assert.deepEqual(checkChoices(ranked, [3, 1, 2], ids), [3], 'ranked tallies count first preferences');
  });
});
