import type { Knex } from 'knex';
import type { ApiKeyInfo, CreatedApiKey } from '@votewire/wire';
import { ApiKey } from '../models/ApiKey';
import { Site } from '../models/Site';
import { conflict, notFound, unauthorized } from '../errors';
import { randomId, sha256 } from './secrets';

const KEY_PREFIX = 'vw_';
/** How stale `last_used_at` may get before a request refreshes it: one write a minute, not one a call. */
const LAST_USED_GRANULARITY_MS = 60_000;

export const hashKey = (key: string) => sha256(key);

function info(k: ApiKey): ApiKeyInfo {
  const time = (t: number | null) => (t === null ? null : new Date(Number(t)).toISOString());
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    createdAt: new Date(Number(k.createdAt)).toISOString(),
    lastUsedAt: time(k.lastUsedAt),
    revokedAt: time(k.revokedAt),
  };
}

/**
 * API keys are shown once and stored as SHA-256 hashes: they carry ~190 random bits, so a fast hash
 * is enough, and a lookup by hash never compares secrets in variable time.
 */
export class ApiKeyService {
  constructor(private readonly db: Knex) {}

  /** The site an Authorization key belongs to; revocation takes effect at once (primary read). */
  async authenticate(key: string): Promise<Site> {
    const row = await ApiKey.query(this.db)
      .findOne({ keyHash: hashKey(key) })
      .whereNull('revokedAt');
    if (!row) throw unauthorized('invalid_api_key', 'The API key is not valid or has been revoked');
    const site = await Site.query(this.db).findById(row.siteId);
    if (!site) throw unauthorized('invalid_api_key', 'The API key is not valid or has been revoked');
    const now = Date.now();
    if (row.lastUsedAt === null || now - Number(row.lastUsedAt) > LAST_USED_GRANULARITY_MS) {
      await ApiKey.query(this.db).patch({ lastUsedAt: now }).where('id', row.id);
    }
    return site;
  }

  async create(siteId: number, name: string, key = KEY_PREFIX + randomId(32)): Promise<CreatedApiKey> {
    const row = await ApiKey.query(this.db).insertAndFetch({
      siteId,
      name,
      prefix: key.slice(0, 8),
      keyHash: hashKey(key),
      createdAt: Date.now(),
      lastUsedAt: null,
      revokedAt: null,
    });
    return { ...info(row), key };
  }

  async list(siteId: number): Promise<ApiKeyInfo[]> {
    const rows = await ApiKey.query(this.db).where('siteId', siteId).orderBy('id');
    return rows.map(info);
  }

  async revoke(siteId: number, id: number, callerSite: Site, callerKey: string): Promise<void> {
    const row = await ApiKey.query(this.db).findOne({ id, siteId });
    if (!row) throw notFound('api_key_not_found', 'No API key with this id on this site');
    if (row.keyHash === hashKey(callerKey) && callerSite.id === siteId) {
      throw conflict('cannot_revoke_own_key', 'A key cannot revoke itself; use another key of this site');
    }
    if (row.revokedAt === null) await ApiKey.query(this.db).patch({ revokedAt: Date.now() }).where('id', id);
  }

  /**
   * Makes sure the default site has an admin key: the configured one, or a generated one when the
   * site has none. A configured key that was revoked stays revoked (the console promises that a
   * revocation cannot be undone). Returns the generated key (to print once), if any.
   */
  async ensureAdminKey(siteId: number, configured: string | null): Promise<{ generatedKey: string | null; configuredRevoked: boolean }> {
    if (configured) {
      const existing = await ApiKey.query(this.db).findOne({ keyHash: hashKey(configured) });
      if (!existing) await this.create(siteId, 'Admin key (VOTEWIRE_ADMIN_KEY)', configured);
      else if (existing.revokedAt !== null) return { generatedKey: null, configuredRevoked: true };
      else if (existing.siteId !== siteId) await ApiKey.query(this.db).patch({ siteId }).where('id', existing.id);
      return { generatedKey: null, configuredRevoked: false };
    }
    const active = await ApiKey.query(this.db).where('siteId', siteId).whereNull('revokedAt').resultSize();
    if (active > 0) return { generatedKey: null, configuredRevoked: false };
    return { generatedKey: (await this.create(siteId, 'Admin key (generated on first start)')).key, configuredRevoked: false };
  }
}
