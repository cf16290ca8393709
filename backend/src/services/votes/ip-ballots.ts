import type { Knex } from 'knex';
import { isUniqueViolation } from '../../db/database';
import { conflict } from '../../errors';
import type { VoteCommand } from './vote-writer';

const TABLE = 'ip_ballots';

/** Whether the `ip` policy counts this vote's new ballot against its client address. */
export const countsPerIp = (c: VoteCommand) => c.poll.voterPolicy === 'ip';

export const ipLimitReached = (c: VoteCommand) =>
  conflict(
    'ip_limit_reached',
    `This poll takes at most ${c.poll.maxBallotsPerIp} ballot${c.poll.maxBallotsPerIp === 1 ? '' : 's'} from one network, and they have been cast`,
  );

const row = (c: VoteCommand) => ({ pollId: c.poll.id, ipHash: c.ipHash ?? '' });

/**
 * Takes one of the poll's ballots for the vote's client address, inside the ballot's transaction:
 * false when the address has used them all. The database decides, under concurrent requests on
 * any number of instances: a conditional UPDATE of the address's counter row (locked until the
 * transaction ends), or the INSERT of that row for its first ballot, which a concurrent first
 * ballot turns into a unique violation and so into the UPDATE again.
 */
export async function takeIpBallot(trx: Knex.Transaction, c: VoteCommand): Promise<boolean> {
  const take = () => trx(TABLE).where(row(c)).where('ballots', '<', c.poll.maxBallotsPerIp).increment('ballots', 1);
  if ((await take()) === 1) return true;
  try {
    await trx(TABLE).insert({ ...row(c), ballots: 1 });
    return true;
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
  }
  return (await take()) === 1;
}

/** Gives back a ballot taken for a vote that did not end up written in this transaction. */
export async function releaseIpBallot(trx: Knex.Transaction, c: VoteCommand): Promise<void> {
  await trx(TABLE).where(row(c)).decrement('ballots', 1);
}
