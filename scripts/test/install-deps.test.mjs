// scripts/install-deps.sh with a PATH that holds only stand-ins: which programs exist, whether the
// user is root (`id -u`) and what apt-get was asked to do are all decided by the test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../install-deps.sh', import.meta.url));
const programs = ['mariadbd', 'mariadb-install-db', 'redis-server', 'nginx', 'chromium', 'docker-compose'];
const dirs = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function run({ uid, missing }) {
  const bin = mkdtempSync(join(tmpdir(), 'votewire-install-deps-'));
  dirs.push(bin);
  const stub = (name, body) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  for (const p of programs) if (!missing.includes(p)) stub(p, 'exit 0');
  stub('id', `echo ${uid}`);
  stub('apt-get', `echo "$*" >> ${join(bin, 'apt-calls')}`);
  // The script also looks in /usr/sbin and /sbin: on a machine that has mariadbd or nginx there,
  // hiding them is not possible, so the tests only hide programs that live in /usr/bin.
  for (const p of missing) assert.ok(!existsSync(`/usr/sbin/${p}`) && !existsSync(`/sbin/${p}`), `${p} is in /usr/sbin`);
  const r = spawnSync('/bin/bash', [script], { env: { PATH: bin }, encoding: 'utf8' });
  const calls = existsSync(join(bin, 'apt-calls')) ? readFileSync(join(bin, 'apt-calls'), 'utf8').trim().split('\n') : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

describe('scripts/install-deps.sh', () => {
  it('does nothing when every program is there', () => {
    const r = run({ uid: 1000, missing: [] });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout + r.stderr, '');
    assert.deepEqual(r.calls, []);
  });

  it('not root and programs missing: stops at once, naming the packages and the command, installing nothing', () => {
    const r = run({ uid: 1000, missing: ['redis-server', 'chromium', 'docker-compose'] });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /not installed: redis-server chromium docker-compose/);
    assert.match(r.stderr, /^ {2}sudo apt-get update && sudo apt-get install -y redis-server chromium$/m);
    assert.match(r.stderr, /^ {2}sudo apt-get install -y --no-install-recommends docker-compose$/m);
    assert.deepEqual(r.calls, []);
  });

  it('as root: installs exactly the missing packages, docker-compose without recommends', () => {
    const r = run({ uid: 0, missing: ['redis-server', 'mariadb-install-db', 'docker-compose'] });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.calls, [
      'update -qq',
      'install -y -qq mariadb-server redis-server',
      'install -y -qq --no-install-recommends docker-compose',
    ]);
  });
});
