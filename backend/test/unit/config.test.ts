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
      { VOTEWIRE_METRICS_TOKEN: 'short' },
      { VOTEWIRE_METRICS_NETWORKS: '10.0.0.0/33' },
      { VOTEWIRE_METRICS_NETWORKS: 'intranet' },
      { VOTEWIRE_SOCKETS_PER_IP: '0' },
      { VOTEWIRE_BALLOT_LOG: 'sometimes' },
      { VOTEWIRE_LOG_SIGNING_KEY: 'a'.repeat(63) },
      { VOTEWIRE_LOG_SIGNING_KEY: 'g'.repeat(64) },
    ];
    for (const env of bad) {
      const name = Object.keys(env)[0]!;
      assert.throws(
        () => loadConfig({ VOTEWIRE_DATA_DIR: dataDir, ...env }),
        (err: Error) => err instanceof ConfigError && err.message.includes(name.replace(/S$/, '')),
      );
    }
  });

  it('lists the metrics networks (loopback by default, none when set empty)', () => {
    assert.deepEqual(loadConfig({ VOTEWIRE_DATA_DIR: dataDir }).operator.networks, ['127.0.0.0/8', '::1']);
    assert.deepEqual(loadConfig({ VOTEWIRE_DATA_DIR: dataDir, VOTEWIRE_METRICS_NETWORKS: '' }).operator.networks, []);
    assert.deepEqual(
      loadConfig({ VOTEWIRE_DATA_DIR: dataDir, VOTEWIRE_METRICS_NETWORKS: '10.0.0.0/8, fd00::/8,192.0.2.1' }).operator.networks,
      ['10.0.0.0/8', 'fd00::/8', '192.0.2.1'],
    );
  });

  it('requires a shared secret with a server database', () => {
    assert.throws(
      () => loadConfig({ VOTEWIRE_DATA_DIR: dataDir, VOTEWIRE_DB_WRITE_URL: 'mysql://u:p@127.0.0.1:3307/votewire' }),
      /VOTEWIRE_SECRET/,
    );
  });

  it('keeps the ballot log on with a generated, persisted signing key; requires a shared one with a server database', () => {
    const a = loadConfig({ VOTEWIRE_DATA_DIR: dataDir });
    assert.equal(a.ballotLog, true);
    assert.equal(a.logSigningKey!.length, 32);
    assert.deepEqual(loadConfig({ VOTEWIRE_DATA_DIR: dataDir }).logSigningKey, a.logSigningKey);
    const server = {
      VOTEWIRE_DATA_DIR: dataDir,
      VOTEWIRE_DB_WRITE_URL: 'mysql://u:p@127.0.0.1:3307/votewire',
      VOTEWIRE_SECRET: 's'.repeat(32),
    };
    assert.throws(() => loadConfig(server), /VOTEWIRE_LOG_SIGNING_KEY/);
    assert.deepEqual(loadConfig({ ...server, VOTEWIRE_LOG_SIGNING_KEY: 'ab'.repeat(32) }).logSigningKey, Buffer.alloc(32, 0xab));
    const off = loadConfig({ ...server, VOTEWIRE_BALLOT_LOG: 'false' });
    assert.deepEqual([off.ballotLog, off.logSigningKey], [false, null]);
  });
});
