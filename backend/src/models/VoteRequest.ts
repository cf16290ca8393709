import { Model } from 'objection';

/** An accepted vote request, kept so that a retry with the same Idempotency-Key replays it. */
export class VoteRequest extends Model {
  static override tableName = 'vote_requests';

  id!: number;
  pollId!: string;
  voterKey!: string;
  idempotencyKey!: string;
  requestHash!: string;
  /** Null where the receipt is derived (services/receipts.ts). */
  receipt!: string | null;
  optionIds!: string;
  changed!: boolean | number;
  createdAt!: number;
}
