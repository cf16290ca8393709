import { randomBytes } from 'node:crypto';
import { hmac, safeEqual } from './secrets';
import { forbidden, unauthorized } from '../errors';

const VERSION = 'v1';
export const TOKEN_LIFETIME_MS = 365 * 24 * 3600 * 1000;

export interface VoterIdentity {
  voterKey: string;
  /** The site the token is bound to, or null for a token valid on every site. */
  siteId: number | null;
}

/**
 * Voter tokens are server-issued and HMAC-signed, so a voter cannot mint identities, and carry an
 * expiry and optionally a site, so a token taken from one site does not vote on another.
 * Format: v1.<voter id>.<site id or 0>.<expiry, epoch seconds>.<signature>
 */
export class VoterTokens {
  constructor(private readonly secret: string) {}

  issue(siteId: number | null, now = Date.now()): { token: string; expiresAt: number } {
    const voterKey = randomBytes(16).toString('base64url');
    const expiresAt = now + TOKEN_LIFETIME_MS;
    const payload = `${VERSION}.${voterKey}.${siteId ?? 0}.${Math.floor(expiresAt / 1000)}`;
    return { token: `${payload}.${hmac(this.secret, payload)}`, expiresAt };
  }

  verify(token: string, now = Date.now()): VoterIdentity {
    const parts = token.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION || token.length > 200) {
      throw unauthorized('invalid_voter_token', 'The voter token is malformed; request a new one');
    }
    const [, voterKey, site, expiry, signature] = parts as [string, string, string, string, string];
    const payload = parts.slice(0, 4).join('.');
    if (!safeEqual(signature, hmac(this.secret, payload))) {
      throw unauthorized('invalid_voter_token', 'The voter token is not valid; request a new one');
    }
    if (!/^\d+$/.test(expiry) || Number(expiry) * 1000 <= now) {
      throw unauthorized('voter_token_expired', 'The voter token has expired; request a new one');
    }
    const siteId = Number(site);
    return { voterKey, siteId: siteId === 0 ? null : siteId };
  }

  /** Verifies the token and that it may vote on the given site. */
  verifyForSite(token: string, siteId: number, now = Date.now()): VoterIdentity {
    const identity = this.verify(token, now);
    if (identity.siteId !== null && identity.siteId !== siteId) {
      throw forbidden('voter_token_wrong_site', 'This voter token was issued for another site');
    }
    return identity;
  }
}
