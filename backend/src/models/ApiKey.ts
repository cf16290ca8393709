import { Model } from 'objection';

export class ApiKey extends Model {
  static override tableName = 'api_keys';

  id!: number;
  siteId!: number;
  name!: string;
  /** The first characters of the key, shown so an owner can tell keys apart. */
  prefix!: string;
  keyHash!: string;
  createdAt!: number;
  lastUsedAt!: number | null;
  revokedAt!: number | null;
}
