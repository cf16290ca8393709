import { strict as assert } from 'node:assert';
import { VoterTokens, TOKEN_LIFETIME_MS } from '../../src/services/voter-tokens';
import type { AppError } from '../../src/errors';

const secret = 'a'.repeat(40);
const errorCode = (fn: () => unknown) => {
  try {
    fn();
    return 'accepted';
  } catch (err) {
    return (err as AppError).code;
  }
};

describe('voter tokens', () => {
  const tokens = new VoterTokens(secret);

  it('verifies the tokens it issued, with a stable voter key', () => {
    const { token } = tokens.issue('poll1');
    const a = tokens.verify(token);
    assert.deepEqual({ kind: a.kind, pollId: a.pollId }, { kind: 'a', pollId: 'poll1' });
    assert.equal(tokens.verify(token).voterKey, a.voterKey);
    assert.notEqual(tokens.verify(tokens.issue('poll1').token).voterKey, a.voterKey);
  });

  it('carries a vouched-for voter key as a user token', () => {
    const v = tokens.verify(tokens.issue('poll1', 'uSomeUser').token);
    assert.deepEqual(v, { voterKey: 'uSomeUser', kind: 'u', pollId: 'poll1' });
  });

  it('refuses forged, tampered and malformed tokens', () => {
    const { token } = tokens.issue('poll1');
    const parts = token.split('.');
    for (const forged of [
      [parts[0], parts[1], 'someoneElse', ...parts.slice(3)].join('.'),
      [parts[0], 'u', ...parts.slice(2)].join('.'),
      [...parts.slice(0, 3), 'poll2', ...parts.slice(4)].join('.'),
      'garbage',
      token + 'x',
    ]) {
      assert.equal(
        errorCode(() => tokens.verify(forged)),
        'invalid_voter_token',
      );
    }
    assert.equal(
      errorCode(() => new VoterTokens('b'.repeat(40)).verify(token)),
      'invalid_voter_token',
    );
  });

  it('refuses expired tokens', () => {
    const { token } = tokens.issue('poll1', undefined, Date.now() - TOKEN_LIFETIME_MS - 1000);
    assert.equal(
      errorCode(() => tokens.verify(token)),
      'voter_token_expired',
    );
  });

  it('binds a token to its poll', () => {
    const { token } = tokens.issue('poll1');
    assert.equal(tokens.verifyForPoll(token, 'poll1').pollId, 'poll1');
    assert.equal(
      errorCode(() => tokens.verifyForPoll(token, 'poll2')),
      'voter_token_wrong_poll',
    );
  });
});
