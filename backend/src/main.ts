import { ConfigError, loadConfig } from './config';
import { startVotewire } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const votewire = await startVotewire(config);
  const shown = config.publicOrigins[0] ?? votewire.url;
  if (votewire.generatedAdminKey) {
    // Printed once: only its hash is stored.
    process.stdout.write(
      `\n  Admin API key (shown once, keep it safe): ${votewire.generatedAdminKey}\n` +
        `  Set VOTEWIRE_ADMIN_KEY to choose your own key instead.\n`,
    );
  }
  process.stdout.write(`\n  Votewire is running: ${shown}/  (admin console: ${shown}/admin/)\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    votewire.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    votewire.close().then(
      () => process.exit(0),
      (err) => {
        votewire.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Votewire failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
