import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const render = resolve(__dirname, '../../../db/cluster/render-nginx-conf.sh');

/** The nginx configuration build.sh and the Docker image render, with `extra` options. */
function rendered(extra: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'votewire-nginx-'));
  try {
    const out = join(dir, 'nginx.conf');
    const paths = ['--demo-root', dir, '--sdk-root', dir, '--pid-file', join(dir, 'pid'), '--temp-dir', dir];
    const logs = ['--error-log', join(dir, 'e.log'), '--access-log', join(dir, 'a.log')];
    execFileSync('sh', [render, out, '--listen', '127.0.0.1:1', '--backend', '127.0.0.1:2', ...paths, ...logs, ...extra]);
    return readFileSync(out, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('nginx configuration', () => {
  it('sends HSTS only in production configs (the Docker image renders with --hsts on)', () => {
    assert.doesNotMatch(rendered([]), /Strict-Transport-Security/);
    const production = rendered(['--hsts', 'on']);
    // Every location with headers of its own repeats it (add_header is not inherited there).
    const locations = production.match(/add_header X-Content-Type-Options/g)!.length;
    assert.equal(production.match(/add_header Strict-Transport-Security "max-age=\d+; includeSubDomains" always;/g)!.length, locations + 1);
    assert.match(
      readFileSync(resolve(__dirname, '../../../Dockerfile'), 'utf8'),
      /render-nginx-conf\.sh[^\n]*(\n[^\n]*\\)*\n[^\n]*--hsts on/,
    );
  });

  it('answers 404 for source maps unless asked, and narrows img-src to https', () => {
    assert.match(rendered([]), /location ~ \\\.map\$ \{ return 404; \}/);
    assert.doesNotMatch(rendered(['--source-maps', 'on']), /\.map\$/);
    assert.match(rendered([]), /img-src 'self' https:;/);
  });
});
