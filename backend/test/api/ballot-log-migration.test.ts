import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { migrate } from '@votewire/db';
import * as initial from '../../../db/src/migrations/20261126000000_initial';
import * as voterPolicies from '../../../db/src/migrations/20261202000000_voter_policies';
import { mysqlKnex, sqliteKnex } from '../../src/db/database';
import { Receipts } from '../../src/services/receipts';
import { BACKENDS } from '../support/backends';
import { freshMariaDbUrl } from '../support/mariadb';

const before: Record<string, Knex.Migration> = {
  '20261126000000_initial': initial,
  '20261202000000_voter_policies': voterPolicies,
};
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

for (const kind of BACKENDS) {
  describe(`the ballot log migration [${kind}]`, () => {
    it('backfills one entry per existing ballot in id order, and old receipts still verify', async function () {
      this.timeout(60_000);
      const knex =
        kind === 'mariadb'
          ? mysqlKnex(await freshMariaDbUrl(), 2)
          : sqliteKnex(join(mkdtempSync(join(tmpdir(), 'votewire-mig-')), 'db.sqlite'));
      try {
        await knex.migrate.latest({
          migrationSource: {
            getMigrations: async () => Object.keys(before),
            getMigrationName: (name: string) => name,
            getMigration: async (name: string) => before[name]!,
          },
        });
        const now = 1_764_658_020_123;
        await knex('sites').insert({ id: 1, name: 'S', allowed_origins: '[]', is_default: true, created_at: now, updated_at: now });
        for (const id of ['pa', 'pb']) {
          await knex('polls').insert({
            id,
            site_id: 1,
            question: 'Q',
            type: 'multiple',
            min_choices: 1,
            max_choices: 2,
            results_visibility: 'always',
            allow_vote_change: true,
            status: 'open',
            created_at: now,
            updated_at: now,
          });
        }
        // Cast out of id order across polls; a changed ballot carries its latest choices.
        const cast = [
          { poll: 'pa', voter: 'v1', choices: [1, 2], receipt: 'r_old_one', at: now + 1 },
          { poll: 'pb', voter: 'v1', choices: [3], receipt: 'r_old_two', at: now + 2 },
          { poll: 'pa', voter: 'v2', choices: [2], receipt: 'r_old_three', at: now + 3 },
        ];
        for (const b of cast) {
          await knex('ballots').insert({
            poll_id: b.poll,
            voter_key: b.voter,
            choices: JSON.stringify(b.choices),
            idempotency_key: `k-${b.receipt}`,
            receipt: b.receipt,
            created_at: b.at,
            updated_at: b.at,
          });
          await knex('vote_requests').insert({
            poll_id: b.poll,
            voter_key: b.voter,
            idempotency_key: `k-${b.receipt}`,
            request_hash: 'h',
            receipt: b.receipt,
            option_ids: JSON.stringify(b.choices),
            changed: false,
            created_at: b.at,
          });
        }

        // The log's migration and every one after it.
        assert.deepEqual((await migrate(knex))[0], '20261202060000_ballot_log');

        const entries = await knex('ballot_log').orderBy(['poll_id', 'seq']).select();
        const expected = [
          { poll: 'pa', seq: 0, commitment: sha('r_old_one'), optionIds: '[1,2]', at: now + 1 },
          { poll: 'pa', seq: 1, commitment: sha('r_old_three'), optionIds: '[2]', at: now + 3 },
          { poll: 'pb', seq: 0, commitment: sha('r_old_two'), optionIds: '[3]', at: now + 2 },
        ];
        assert.deepEqual(
          entries.map((e: Record<string, unknown>) => ({
            poll: e.pollId ?? e.poll_id,
            seq: Number(e.seq),
            commitment: e.commitment,
            optionIds: e.optionIds ?? e.option_ids,
            at: Number(e.at),
          })),
          expected,
        );
        // The later migration leaves the entries' fields alone: leaf hashes are computed from them,
        // and each ballot names its entry.
        assert.ok(!('leaf_hash' in (await knex('ballot_log').columnInfo())), 'leaf hashes are not stored');
        const pointers = await knex('ballots').orderBy('id').select('poll_id as poll', 'log_seq as seq');
        assert.deepEqual(
          pointers.map((b: { poll: string; seq: number }) => [b.poll, Number(b.seq)]),
          [
            ['pa', 0],
            ['pb', 0],
            ['pa', 1],
          ],
        );
        const sizes = await knex('ballot_log_sizes').orderBy('poll_id').select();
        assert.deepEqual(
          sizes.map((r: { size: number }) => Number(r.size)),
          [2, 1],
        );
        assert.ok(!('receipt' in (await knex('ballots').columnInfo())), 'the receipts left the ballots table');
        // The voter's old receipt is still what myVote shows, and it hashes to the commitment.
        const ballot = await knex('ballots').where({ poll_id: 'pa', voter_key: 'v1' }).first();
        const row = { pollId: 'pa', voterKey: 'v1', commitment: String(ballot.commitment) };
        assert.equal(row.commitment, sha('r_old_one'));
        assert.equal(await new Receipts('x'.repeat(32)).ofBallot(async (q) => q(knex), row), 'r_old_one');
      } finally {
        await knex.destroy();
      }
    });
  });
}
