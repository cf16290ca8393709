import type { Knex } from 'knex';
import { commitmentOf } from '@votewire/db';
import { VoteRequest } from '../models/VoteRequest';
import { hmac } from './secrets';

/** Runs a query where the ballot was read (a transaction, or a replica), only when one is needed. */
export type Reader = <T>(query: (db: Knex) => PromiseLike<T>) => Promise<T>;

/**
 * A ballot's receipt is derived, not stored: an HMAC of the deployment secret over the poll and the
 * voter, so the database holds only its commitment (SHA-256 of the receipt) and yet a replay or the
 * voter's own view can show it again. It stays the same when the voter changes the vote.
 */
export class Receipts {
  constructor(private readonly secret: string) {}

  of(pollId: string, voterKey: string): string {
    return 'r_' + hmac(this.secret, `receipt\u0000${pollId}\u0000${voterKey}`).slice(0, 30);
  }

  /**
   * The receipt of a stored ballot. A ballot cast before receipts were derived has the commitment
   * of a random receipt, which only its request records still hold.
   */
  async ofBallot(read: Reader, ballot: { pollId: string; voterKey: string; commitment: string }): Promise<string> {
    const derived = this.of(ballot.pollId, ballot.voterKey);
    if (commitmentOf(derived) === ballot.commitment) return derived;
    const request = await read((db) =>
      VoteRequest.query(db)
        .where({ pollId: ballot.pollId, voterKey: ballot.voterKey })
        .whereNotNull('receipt')
        .orderBy('id', 'desc')
        .first(),
    );
    return request?.receipt ?? derived;
  }
}
