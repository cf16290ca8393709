import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initDatabase } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { createLogger } from '../../src/log';
import { BACKENDS } from '../support/backends';
import { freshMariaDbUrl } from '../support/mariadb';

const TABLES = [
  'sites',
  'api_keys',
  'polls',
  'poll_options',
  'ballots',
  'vote_requests',
  'ip_ballots',
  'spent_challenges',
  'identity_keys',
  'ballot_log',
  'ballot_log_sizes',
  'log_keys',
  'ranking_counts',
  'webhook_endpoints',
  'webhook_events',
  'webhook_deliveries',
  'webhook_attempts',
  'webhook_results_sent',
  'webhook_poll_phases',
];

for (const kind of BACKENDS) {
  describe(`db/init [${kind}]`, () => {
    it('creates the schema and seeds once; running it again changes nothing', async function () {
      this.timeout(60_000);
      const env: Record<string, string> = { VOTEWIRE_DATA_DIR: mkdtempSync(join(tmpdir(), 'votewire-init-')) };
      if (kind === 'mariadb')
        Object.assign(env, {
          VOTEWIRE_DB_WRITE_URL: await freshMariaDbUrl(),
          VOTEWIRE_SECRET: randomBytes(32).toString('hex'),
          VOTEWIRE_LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
        });
      const config = loadConfig(env);
      const log = createLogger('silent', 'test');
      const db = openDatabase(config, log);
      try {
        const first = await initDatabase(db, config, log);
        assert.deepEqual(first.appliedMigrations, [
          '20261126000000_initial',
          '20261202000000_voter_policies',
          '20261202060000_ballot_log',
          '20261202120000_webhooks',
          '20261203000000_ranking_counts',
          '20261203060000_ballot_log_slim',
        ]);
        assert.match(first.generatedAdminKey!, /^vw_/);
        const snapshot = async () =>
          Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, (await db.write(t).count({ n: '*' }))[0]!.n])));
        const before = await snapshot();
        assert.equal(Number(before.polls), 4);
        assert.equal(Number(before.poll_options), 16);
        const second = await initDatabase(db, config, log);
        assert.deepEqual(second.appliedMigrations, []);
        assert.equal(second.generatedAdminKey, null, 'an existing key is kept, not replaced');
        assert.deepEqual(await snapshot(), before);
      } finally {
        await db.destroy();
      }
    });
  });
}
