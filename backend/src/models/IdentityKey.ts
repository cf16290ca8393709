import { Model } from 'objection';

/** A key a site's server signs its users' identities with (HS256): the secret is sealed at rest. */
export class IdentityKey extends Model {
  static override tableName = 'identity_keys';

  id!: string;
  siteId!: number;
  secretSealed!: string;
  createdAt!: number;
  lastUsedAt!: number | null;
  revokedAt!: number | null;
}
