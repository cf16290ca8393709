import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { initDatabase } from '../bootstrap';
import { createLogger } from '../log';

/** `db/init`: creates the tables, seeds the demo site and polls, ensures the admin key. Idempotent. */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel, 'db-init');
  const db = openDatabase(config, log);
  try {
    const { appliedMigrations, generatedAdminKey } = await initDatabase(db, config, log);
    process.stdout.write(appliedMigrations.length > 0 ? `Applied migrations: ${appliedMigrations.join(', ')}\n` : 'Schema is up to date\n');
    process.stdout.write('Demo site and polls are in place\n');
    if (generatedAdminKey) process.stdout.write(`Admin API key (shown once, keep it safe): ${generatedAdminKey}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    err instanceof ConfigError ? `Configuration error: ${err.message}\n` : `db/init failed: ${String((err as Error)?.stack ?? err)}\n`,
  );
  process.exit(err instanceof ConfigError ? 2 : 1);
});
