import { strict as assert } from 'node:assert';
import { insertSql, mysqlKnex, sqlExpression } from '../../src/db/database';
import { Receipts } from '../../src/services/receipts';
import { ballotRow } from '../../src/services/votes/rows';
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

  it("compiles the multi-row INSERT knex compiles for a batch's ballots", () => {
    const commands = [command(1, 'ip1'), command(2, null), command(3, 'ip3')];
    const receipts = new Receipts('a'.repeat(64));
    const ballots = commands.map((c, i) => ballotRow(c, receipts.of(c.poll.id, c.voterKey), 1_700_000_000_000 + i));
    const expected = knex('ballots').insert(ballots).toSQL().toNative();
    assert.deepEqual(insertSql('ballots', ballots), { sql: expected.sql, bindings: expected.bindings });
  });

  it("writes a value the script computes (a ballot's log seq) into the statement, bound values around it", () => {
    const rows = [
      { pollId: 'p', logSeq: sqlExpression('@votewire_log_size_0 - 2'), voterKey: 'a' },
      { pollId: 'p', logSeq: sqlExpression('@votewire_log_size_0 - 1'), voterKey: 'b' },
    ];
    assert.deepEqual(insertSql('ballots', rows), {
      sql: 'insert into `ballots` (`log_seq`, `poll_id`, `voter_key`) values (@votewire_log_size_0 - 2, ?, ?), (@votewire_log_size_0 - 1, ?, ?)',
      bindings: ['p', 'a', 'p', 'b'],
    });
  });

  it('refuses rows whose columns differ, and no rows', () => {
    assert.throws(() => insertSql('ballots', [{ a: 1 }, { b: 1 }]), /differ in columns/);
    assert.throws(() => insertSql('ballots', []), /no rows/);
  });
});
