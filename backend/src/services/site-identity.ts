import { decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { LIMITS } from '@votewire/wire/limits';
import { unauthorized } from '../errors';
import type { IdentityKeyService } from './identity-keys';
import { hmac } from './secrets';

const MAX_LIFETIME_S = 24 * 3600;
/** Clocks of the site's server and ours may differ a little. */
const CLOCK_TOLERANCE_S = 60;

const refused = (code: string, message: string) => unauthorized(code, message);
const invalid = (why: string) => refused('identity_invalid', `The identity JWT is not acceptable: ${why}`);

/**
 * A user of a site, vouched for by a JWT the site's server signed with one of its identity keys:
 * HS256, header `kid`, claims `sub` (1–128 characters), `aud` (the site id), `exp` (at most 24 h
 * ahead). The voter is (site, sub), so every token minted for the same user is the same voter.
 */
export class SiteIdentity {
  constructor(
    private readonly keys: IdentityKeyService,
    private readonly secret: string,
  ) {}

  /** The voter key of the JWT's user; a 401 naming what failed otherwise. */
  async voterKey(jwt: string, siteId: number, now = Date.now()): Promise<string> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(jwt);
    } catch {
      throw invalid('not a JWT'); // jose throws a TypeError or a JOSEError, and either means the same
    }
    if (header.alg !== 'HS256') throw invalid('alg must be HS256');
    const kid = header.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > 40) throw invalid('the header has no kid');
    const key = await this.keys.find(siteId, kid);
    if (!key) throw refused('identity_unknown_key', 'The identity JWT’s kid is not a key of this poll’s site');
    if (key.revoked) throw refused('identity_key_revoked', 'The identity JWT was signed with a revoked key');
    let payload;
    try {
      ({ payload } = await jwtVerify(jwt, key.secret, {
        algorithms: ['HS256'],
        audience: String(siteId),
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_S,
        currentDate: new Date(now),
      }));
    } catch (err) {
      throw this.failure(err);
    }
    const sub = payload.sub;
    if (typeof sub !== 'string' || sub.length < LIMITS.identitySubject.min || sub.length > LIMITS.identitySubject.max) {
      throw invalid(`sub must be ${LIMITS.identitySubject.min} to ${LIMITS.identitySubject.max} characters`);
    }
    if (typeof payload.exp !== 'number' || payload.exp > now / 1000 + MAX_LIFETIME_S + CLOCK_TOLERANCE_S)
      throw invalid('exp must be at most 24 hours ahead');
    // Derived, not stored: the same (site, sub) gives the same key on every instance, and the
    // ballots never hold the site's user id itself.
    return 'u' + hmac(this.secret, `site-user:${siteId}:${sub}`);
  }

  /**
   * jose's errors by their `code`, not by class: the server and a test harness may each load their
   * own copy of jose (ESM and CommonJS builds), whose classes `instanceof` cannot tell apart.
   */
  private failure(err: unknown): Error {
    const { code, claim, message } = (err ?? {}) as { code?: unknown; claim?: unknown; message?: string };
    if (code === errors.JWTExpired.code) return refused('identity_expired', 'The identity JWT has expired; sign a new one');
    if (code === errors.JWSSignatureVerificationFailed.code) {
      return refused('identity_invalid_signature', 'The identity JWT’s signature does not match its key');
    }
    if (code === errors.JWTClaimValidationFailed.code && claim === 'aud') {
      return refused('identity_wrong_audience', 'The identity JWT’s aud must be this poll’s site id (GET /api/v1/site → id)');
    }
    if (typeof code === 'string' && code.startsWith('ERR_J')) return invalid(message ?? code);
    return err as Error;
  }
}
