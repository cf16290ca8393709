import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

describe('config', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'votewire-config-'));

  it('defaults to the embedded mode on port 8080 with a generated, persisted secret', () => {
    const a = loadConfig({ VOTEWIRE_DATA_DIR: dataDir });
    assert.equal(a.port, 8080);
    assert.equal(a.dbWriteUrl, null);
    assert.ok(a.secret.length >= 32);
    assert.equal(loadConfig({ VOTEWIRE_DATA_DIR: dataDir }).secret, a.secret);
  });

  it('rejects invalid values with the variable’s name', () => {
    const bad: Record<string, string>[] = [
      { VOTEWIRE_PORT: 'eighty' },
      { VOTEWIRE_PORT: '70000' },
      { VOTEWIRE_DB_WRITE_URL: 'postgres://x' },
      { VOTEWIRE_WRITE_MODE: 'fast' },
      { VOTEWIRE_ADMIN_KEY: 'short' },
      { VOTEWIRE_SERVE_STATIC: 'maybe' },
      { VOTEWIRE_DB_READ_URLS: 'mysql://r:1/x' },
    ];
    for (const env of bad) {
      const name = Object.keys(env)[0]!;
      assert.throws(
        () => loadConfig({ VOTEWIRE_DATA_DIR: dataDir, ...env }),
        (err: Error) => err instanceof ConfigError && err.message.includes(name.replace(/S$/, '')),
      );
    }
  });

  it('requires a shared secret with a server database', () => {
    assert.throws(
      () => loadConfig({ VOTEWIRE_DATA_DIR: dataDir, VOTEWIRE_DB_WRITE_URL: 'mysql://u:p@127.0.0.1:3307/votewire' }),
      /VOTEWIRE_SECRET/,
    );
  });
});
