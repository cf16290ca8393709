import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { startVotewire, type Votewire } from '../../src/bootstrap';
import type { Resolve } from '../../src/services/webhooks/targets';
import { lyingLog, type LogLie } from './lying-log';

export interface TestServer {
  url: string;
  adminKey: string;
  votewire: Votewire;
  /** Test-only: makes the log routes lie (a wrong inclusion proof or tree head) until set back to null. */
  lie(lie: LogLie): void;
  close(): Promise<void>;
}

/**
 * A real backend on a free port with a fresh SQLite database, for the SDK's and the demo's tests.
 * `env` adds VOTEWIRE_ variables (e.g. a MySQL URL, or higher rate limits); `resolve` replaces the
 * DNS lookups of webhook targets.
 */
export async function startTestServer(env: Record<string, string> = {}, options: { resolve?: Resolve } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'votewire-test-'));
  const adminKey = 'vw_test_' + randomBytes(18).toString('base64url');
  const config = loadConfig({
    VOTEWIRE_PORT: '0',
    VOTEWIRE_HOST: '127.0.0.1',
    VOTEWIRE_DATA_DIR: dataDir,
    VOTEWIRE_ADMIN_KEY: adminKey,
    VOTEWIRE_LOG_LEVEL: 'warn',
    VOTEWIRE_RATE_VOTES_PER_MINUTE: '100000',
    VOTEWIRE_RATE_TOKENS_PER_MINUTE: '100000',
    VOTEWIRE_RATE_READS_PER_MINUTE: '100000',
    VOTEWIRE_RATE_AUTH_FAILURES_PER_MINUTE: '100000',
    VOTEWIRE_RATE_SOCKET_EVENTS_PER_MINUTE: '100000',
    ...env,
  });
  const votewire = await startVotewire(config, { init: true, ...options });
  return {
    url: votewire.url,
    adminKey,
    votewire,
    lie: lyingLog(votewire.server, votewire.url),
    close: async () => {
      await votewire.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
