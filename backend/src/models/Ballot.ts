import { Model } from 'objection';

export class Ballot extends Model {
  static override tableName = 'ballots';

  id!: number;
  pollId!: string;
  voterKey!: string;
  /** JSON array of option ids, first preference first. */
  choices!: string;
  idempotencyKey!: string;
  /** SHA-256 of the voter's receipt, which is derived, not stored (services/receipts.ts). */
  commitment!: string;
  /** HMAC of the voter's IP with the instance secret; the raw IP is never stored. */
  ipHash!: string | null;
  /** The seq of its latest entry in the poll's ballot log; null when the deployment keeps no log. */
  logSeq!: number | null;
  createdAt!: number;
  updatedAt!: number;
}
