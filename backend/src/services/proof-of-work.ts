import type { Knex } from 'knex';
import type { AltchaChallenge } from '@votewire/wire';
import { isUniqueViolation } from '../db/database';
import { forbidden } from '../errors';
import { hmac } from './secrets';

export const CHALLENGE_LIFETIME_MS = 5 * 60_000;
const TABLE = 'spent_challenges';
const PRUNE_EVERY_MS = 60_000;
// Published as ES modules only: this CommonJS build loads it with import().
const altcha = import('altcha-lib/v1');

/**
 * Anonymous voter tokens that cost work: ALTCHA challenges (https://altcha.org/docs/server-integration)
 * signed with a key derived from the deployment secret, each bound to one poll and spent once. The
 * database decides "once": a solution is spent by inserting its challenge under a primary key, so
 * two instances given the same solution cannot both accept it.
 */
export class ProofOfWork {
  private readonly hmacKey: string;
  private lastPrune = 0;

  constructor(
    private readonly db: Knex,
    secret: string,
  ) {
    this.hmacKey = hmac(secret, 'altcha-challenges');
  }

  async challenge(pollId: string, difficulty: number, now = Date.now()): Promise<AltchaChallenge> {
    const { createChallenge } = await altcha;
    const { algorithm, challenge, salt, signature } = await createChallenge({
      hmacKey: this.hmacKey,
      maxnumber: difficulty,
      expires: new Date(now + CHALLENGE_LIFETIME_MS),
      params: { pollId },
    });
    return { algorithm, challenge, maxnumber: difficulty, salt, signature };
  }

  /** Accepts a solved challenge of this poll once; throws challenge_required / challenge_failed. */
  async spend(payload: string | undefined, pollId: string, now = Date.now()): Promise<void> {
    if (!payload) {
      throw forbidden('challenge_required', 'This site asks for a solved challenge (GET /api/v1/voter-tokens/challenge) with each voter token');
    }
    const failed = forbidden('challenge_failed', 'The challenge solution is wrong, expired, for another poll or already used; solve a new one');
    const { extractParams, verifySolution } = await altcha;
    let params: Record<string, string>;
    let challenge: unknown;
    try {
      params = extractParams(payload);
      challenge = (JSON.parse(atob(payload)) as { challenge?: unknown }).challenge;
    } catch {
      throw failed;
    }
    const expires = Number(params.expires) * 1000;
    if (params.pollId !== pollId || !(expires > now) || typeof challenge !== 'string' || challenge.length > 128) throw failed;
    if (!(await verifySolution(payload, this.hmacKey, true))) throw failed;
    try {
      await this.db(TABLE).insert({ challenge, expiresAt: expires });
    } catch (err) {
      if (isUniqueViolation(err)) throw failed;
      throw err;
    }
    this.prune(now);
  }

  /** Spent challenges matter only until they expire (an expired one fails verification anyway). */
  private prune(now: number): void {
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    this.db(TABLE)
      .where('expiresAt', '<', now)
      .delete()
      .catch(() => undefined); // the next prune tries again; nothing depends on this one
  }
}
