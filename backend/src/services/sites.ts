import type { Knex } from 'knex';
import type { Database } from '../db/database';
import type { ProofOfWork, Site as SiteView, SiteInput, SitePatch } from '@votewire/wire';
import { LIMITS } from '@votewire/wire/limits';
import { Site } from '../models/Site';
import { forbidden } from '../errors';
import { origin, text } from './validate';

export function siteView(site: Site): SiteView {
  return {
    id: site.id,
    name: site.name,
    allowedOrigins: site.origins(),
    proofOfWork: { enabled: Boolean(site.powEnabled), difficulty: site.powDifficulty },
    createdAt: new Date(Number(site.createdAt)).toISOString(),
  };
}

const origins = (value: string[]) => JSON.stringify([...new Set(value.map((v, i) => origin(v, `allowedOrigins[${i}]`)))]);
const proofOfWork = (p: ProofOfWork) => ({ powEnabled: p.enabled, powDifficulty: p.difficulty });
const name = (value: string) => text(value, 'name', LIMITS.siteName.min, LIMITS.siteName.max);

/** Whether a request from `requestOrigin` may vote or subscribe for this site. */
export function originAllowed(site: Site, requestOrigin: string | undefined, ownOrigins: readonly string[]): boolean {
  // Requests without an Origin header do not come from a browser page (curl, servers): the
  // allowlist protects sites from other sites' pages, and those cannot omit the header.
  if (!requestOrigin) return true;
  if (ownOrigins.includes(requestOrigin)) return true;
  const allowed = site.origins();
  return allowed.includes('*') || allowed.includes(requestOrigin);
}

export class SiteService {
  /** Changes made here reach this instance's directory at once (others refresh within its TTL). */
  constructor(
    private readonly db: Knex,
    private readonly directory: SiteDirectory,
  ) {}

  async update(site: Site, input: SitePatch): Promise<Site> {
    const patch: Partial<Site> = { updatedAt: Date.now() };
    if (input.name !== undefined) patch.name = name(input.name);
    if (input.allowedOrigins !== undefined) patch.allowedOrigins = origins(input.allowedOrigins);
    if (input.proofOfWork !== undefined) Object.assign(patch, proofOfWork(input.proofOfWork));
    const updated = await Site.query(this.db).patchAndFetchById(site.id, patch);
    this.directory.forget(site.id);
    return updated;
  }

  async create(caller: Site, input: SiteInput): Promise<Site> {
    if (!caller.isDefault) {
      throw forbidden('not_instance_owner', 'Only keys of the instance’s default site can create sites');
    }
    const now = Date.now();
    const site = await Site.query(this.db).insertAndFetch({
      name: name(input.name),
      allowedOrigins: origins(input.allowedOrigins ?? []),
      isDefault: false,
      ...proofOfWork(input.proofOfWork ?? { enabled: false, difficulty: LIMITS.proofOfWorkDifficulty.default }),
      createdAt: now,
      updatedAt: now,
    });
    this.directory.forget(site.id); // its origins now count for the handshake check
    return site;
  }
}

/** Sites by id for the hot paths (votes, socket subscriptions); origin lists may lag by seconds. */
export class SiteDirectory {
  private readonly cache = new Map<number, { site: Site; at: number }>();

  constructor(
    private readonly db: Database,
    private readonly ttlMs = 5_000,
  ) {}

  async get(siteId: number): Promise<Site> {
    const cached = this.cache.get(siteId);
    if (cached && Date.now() - cached.at < this.ttlMs) return cached.site;
    const site = await this.db.read((db) => Site.query(db).findById(siteId));
    if (!site) throw new Error(`poll refers to missing site ${siteId}`);
    this.cache.set(siteId, { site, at: Date.now() });
    return site;
  }

  forget(siteId: number): void {
    this.cache.delete(siteId);
    this.union = null;
  }

  private union: { origins: Set<string>; at: number } | null = null;

  /**
   * Whether any site allows this origin: the Socket.IO handshake's check, made before the
   * connection knows which poll (and so which site) it will follow.
   */
  async anyAllows(requestOrigin: string | undefined, ownOrigins: readonly string[]): Promise<boolean> {
    if (!requestOrigin || ownOrigins.includes(requestOrigin)) return true;
    if (!this.union || Date.now() - this.union.at >= this.ttlMs) {
      const rows = await this.db.read((db) => Site.query(db).select('allowedOrigins'));
      this.union = { origins: new Set(rows.flatMap((r) => r.origins())), at: Date.now() };
    }
    return this.union.origins.has('*') || this.union.origins.has(requestOrigin);
  }
}
