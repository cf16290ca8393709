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
    const { token } = tokens.issue(null);
    const a = tokens.verify(token);
    assert.equal(a.siteId, null);
    assert.equal(tokens.verify(token).voterKey, a.voterKey);
    assert.notEqual(tokens.verify(tokens.issue(null).token).voterKey, a.voterKey);
  });

  it('refuses forged, tampered and malformed tokens', () => {
    const { token } = tokens.issue(null);
    const parts = token.split('.');
    assert.equal(
      errorCode(() => tokens.verify([parts[0], 'someoneElse', ...parts.slice(2)].join('.'))),
      'invalid_voter_token',
    );
    assert.equal(
      errorCode(() => new VoterTokens('b'.repeat(40)).verify(token)),
      'invalid_voter_token',
    );
    assert.equal(
      errorCode(() => tokens.verify('garbage')),
      'invalid_voter_token',
    );
    assert.equal(
      errorCode(() => tokens.verify(token + 'x')),
      'invalid_voter_token',
    );
  });

  it('refuses expired tokens', () => {
    const { token } = tokens.issue(null, Date.now() - TOKEN_LIFETIME_MS - 1000);
    assert.equal(
      errorCode(() => tokens.verify(token)),
      'voter_token_expired',
    );
  });

  it('binds a site token to its site', () => {
    const { token } = tokens.issue(7);
    assert.equal(tokens.verifyForSite(token, 7).siteId, 7);
    assert.equal(
      errorCode(() => tokens.verifyForSite(token, 8)),
      'voter_token_wrong_site',
    );
    assert.equal(tokens.verifyForSite(tokens.issue(null).token, 8).siteId, null);
  });
});
