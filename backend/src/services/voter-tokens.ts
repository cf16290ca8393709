import { randomBytes } from 'node:crypto';
import { hmac, safeEqual } from './secrets';
import { forbidden, unauthorized } from '../errors';

const VERSION = 'v2';
export const TOKEN_LIFETIME_MS = 365 * 24 * 3600 * 1000;

/** `a`: an anonymous voter (one per token); `u`: a user the poll's site vouched for. */
export type VoterKind = 'a' | 'u';

export interface VoterIdentity {
  voterKey: string;
  kind: VoterKind;
  /** The one poll the token votes in. */
  pollId: string;
}

/**
 * Voter tokens are server-issued and HMAC-signed, so a voter cannot mint identities, and carry an
 * expiry and the one poll they vote in, so a token minted for one poll counts nowhere else.
 * Format: v2.<kind>.<voter key>.<poll id>.<expiry, epoch seconds>.<signature>
 * Checking one is a split and one HMAC: no database read on the vote path.
 */
export class VoterTokens {
  constructor(private readonly secret: string) {}

  /** A token for a new anonymous voter, or (with `voterKey`) for a voter the site vouched for. */
  issue(pollId: string, voterKey?: string, now = Date.now()): { token: string; expiresAt: number } {
    const kind: VoterKind = voterKey === undefined ? 'a' : 'u';
    const key = voterKey ?? randomBytes(16).toString('base64url');
    const expiresAt = now + TOKEN_LIFETIME_MS;
    const payload = `${VERSION}.${kind}.${key}.${pollId}.${Math.floor(expiresAt / 1000)}`;
    return { token: `${payload}.${hmac(this.secret, payload)}`, expiresAt };
  }

  verify(token: string, now = Date.now()): VoterIdentity {
    const parts = token.split('.');
    if (parts.length !== 6 || parts[0] !== VERSION || token.length > 200) {
      throw unauthorized('invalid_voter_token', 'The voter token is malformed; request a new one');
    }
    const [, kind, voterKey, pollId, expiry, signature] = parts as [string, string, string, string, string, string];
    const payload = parts.slice(0, 5).join('.');
    if (!safeEqual(signature, hmac(this.secret, payload)) || (kind !== 'a' && kind !== 'u')) {
      throw unauthorized('invalid_voter_token', 'The voter token is not valid; request a new one');
    }
    if (!/^\d+$/.test(expiry) || Number(expiry) * 1000 <= now) {
      throw unauthorized('voter_token_expired', 'The voter token has expired; request a new one');
    }
    return { voterKey, kind, pollId };
  }

  /** Verifies the token and that it was minted for this poll. */
  verifyForPoll(token: string, pollId: string, now = Date.now()): VoterIdentity {
    const identity = this.verify(token, now);
    if (identity.pollId !== pollId) {
      throw forbidden('voter_token_wrong_poll', 'This voter token was issued for another poll; request one for this poll');
    }
    return identity;
  }
}
