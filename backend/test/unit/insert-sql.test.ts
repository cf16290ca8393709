import { strict as assert } from 'node:assert';
import { insertSql, mysqlKnex } from '../../src/db/database';
import { Receipts } from '../../src/services/receipts';
import { ballotRow, requestRow } from '../../src/services/votes/rows';
import type { VoteCommand } from '../../src/services/votes/vote-writer';
import type { Poll } from '../../src/models/Poll';

// insertSql stands in for knex's builder on the vote batch's one-trip path: it must compile the
// very statement knex (with the snake-case mappers) compiles for MySQL.
describe('insertSql', () => {
  const knex = mysqlKnex('mysql://u:p@127.0.0.1:1/votewire', 1);
  after(() => knex.destroy());
  const command = (i: number, ipHash: string | null): VoteCommand => ({
    poll: { id: 'poll1' } as Poll,
    voterKey: `voter${i}`,
    optionIds: [i, i + 1],
    countedIds: [i],
    idempotencyKey: `key-${i}`,
    requestHash: `hash${i}`,
    ipHash,
  });

  it('compiles the multi-row INSERT knex compiles, for ballots and for request records', () => {
    const commands = [command(1, 'ip1'), command(2, null), command(3, 'ip3')];
    const receipts = new Receipts('a'.repeat(64));
    const ballots = commands.map((c, i) => ballotRow(c, receipts.of(c.poll.id, c.voterKey), 1_700_000_000_000 + i));
    // The first keeps its receipt (one cast before receipts were derived), the others derive it: both row shapes.
    const requests = commands.map((c, i) =>
      requestRow(c, receipts, i === 0 ? 'r_old' : receipts.of(c.poll.id, c.voterKey), i === 1, 1_700_000_000_000 + i),
    );
    for (const [table, rows] of [
      ['ballots', ballots],
      ['vote_requests', requests],
    ] as const) {
      const expected = knex(table).insert(rows).toSQL().toNative();
      assert.deepEqual(insertSql(table, rows), { sql: expected.sql, bindings: expected.bindings });
    }
  });

  it('refuses rows whose columns differ, and no rows', () => {
    assert.throws(() => insertSql('ballots', [{ a: 1 }, { b: 1 }]), /differ in columns/);
    assert.throws(() => insertSql('ballots', []), /no rows/);
  });
});
