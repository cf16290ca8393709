import { randomBytes } from 'node:crypto';
import { startTestServer, type TestServer } from './test-server';
import { freshMariaDbUrl } from './mariadb';
import { Api } from './api';

export type BackendKind = 'sqlite' | 'mariadb';

/** Which databases the integration suites run on; both unless narrowed (VOTEWIRE_TEST_BACKENDS=sqlite). */
export const BACKENDS: BackendKind[] = (process.env.VOTEWIRE_TEST_BACKENDS || 'sqlite,mariadb').split(',') as BackendKind[];

export interface Harness {
  server: TestServer;
  api: Api;
  kind: BackendKind;
}

export async function startBackend(kind: BackendKind, env: Record<string, string> = {}): Promise<Harness> {
  const dbEnv: Record<string, string> =
    kind === 'mariadb'
      ? {
          VOTEWIRE_DB_WRITE_URL: await freshMariaDbUrl(),
          VOTEWIRE_SECRET: randomBytes(32).toString('hex'),
          VOTEWIRE_LOG_SIGNING_KEY: randomBytes(32).toString('hex'),
        }
      : {};
  const server = await startTestServer({ ...dbEnv, ...env });
  return { server, api: new Api(server.url, server.adminKey), kind };
}

/**
 * Runs a suite once per database. Each run gets its own server and empty database, so suites
 * never see each other's polls or votes.
 */
export function describeOnEachBackend(title: string, body: (h: () => Harness) => void, env: Record<string, string> = {}): void {
  for (const kind of BACKENDS) {
    describe(`${title} [${kind}]`, function () {
      let harness: Harness;
      before(async function () {
        this.timeout(60_000);
        harness = await startBackend(kind, env);
      });
      after(async () => harness?.server.close());
      body(() => harness);
    });
  }
}
