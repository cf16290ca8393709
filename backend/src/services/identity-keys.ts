import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { CreatedIdentityKey, IdentityKeyInfo } from '@votewire/wire';
import { IdentityKey } from '../models/IdentityKey';
import { notFound } from '../errors';
import { Sealer } from './sealed';
import { randomId } from './secrets';

/** How stale `last_used_at` may get before a verification refreshes it: one write a minute per key. */
const LAST_USED_GRANULARITY_MS = 60_000;

const time = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());
const info = (k: IdentityKey): IdentityKeyInfo => ({
  id: k.id,
  createdAt: new Date(Number(k.createdAt)).toISOString(),
  lastUsedAt: time(k.lastUsedAt),
  revokedAt: time(k.revokedAt),
});

/**
 * The keys a site signs voter identities with. HS256 needs the secret itself to verify, so it
 * cannot be stored hashed like an API key: it is sealed with AES-256-GCM under a key derived from
 * the deployment secret, so a copy of the database alone does not let anyone vote as a site's users.
 */
export class IdentityKeyService {
  private readonly sealer: Sealer;

  constructor(
    private readonly db: Knex,
    secret: string,
  ) {
    this.sealer = new Sealer(secret, 'identity-keys');
  }

  async create(siteId: number): Promise<CreatedIdentityKey> {
    const secret = randomBytes(32).toString('base64url');
    const id = 'ik_' + randomId(16);
    await IdentityKey.query(this.db).insert({
      id,
      siteId,
      secretSealed: this.sealer.seal(secret),
      createdAt: Date.now(),
      lastUsedAt: null,
      revokedAt: null,
    });
    return { id, secret };
  }

  async list(siteId: number): Promise<IdentityKeyInfo[]> {
    return (await IdentityKey.query(this.db).where('siteId', siteId).orderBy('createdAt')).map(info);
  }

  async revoke(siteId: number, id: string): Promise<void> {
    const row = await IdentityKey.query(this.db).findOne({ id, siteId });
    if (!row) throw notFound('identity_key_not_found', 'No identity key with this id on this site');
    if (row.revokedAt === null) await IdentityKey.query(this.db).patch({ revokedAt: Date.now() }).where('id', id);
  }

  /**
   * The key `id` of this site, read on the primary so that a revocation counts at once on every
   * instance, with its secret unsealed; null when the site has no such key.
   */
  async find(siteId: number, id: string): Promise<{ secret: Uint8Array; revoked: boolean } | null> {
    const row = await IdentityKey.query(this.db).findOne({ id, siteId });
    if (!row) return null;
    const now = Date.now();
    if (row.revokedAt === null && (row.lastUsedAt === null || now - Number(row.lastUsedAt) > LAST_USED_GRANULARITY_MS)) {
      await IdentityKey.query(this.db).patch({ lastUsedAt: now }).where('id', id);
    }
    return { secret: new TextEncoder().encode(this.sealer.unseal(row.secretSealed)), revoked: row.revokedAt !== null };
  }
}
