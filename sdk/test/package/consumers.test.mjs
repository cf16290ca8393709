// Consumer projects built from `npm pack`: a strict TypeScript app, a React 19 TSX app, a Vitest +
// jsdom test suite, and a bundle of `votewire/client` against one of the whole package.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';
import { cleanUp, consumer } from './pack.mjs';

after(cleanUp);

/** The package's own dependencies, which npm would install beside it. */
const dependencies = ['lit', 'socket.io-client', '@lit/react'];

function tsc(dir) {
  const r = spawnSync(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('the package from npm pack in consumer projects', { timeout: 300_000 }, () => {
  it('type-checks a strict TypeScript app: typed events on document and window, votewire/client, the CDN module', () => {
    const dir = consumer('strict-ts', [...dependencies, 'typescript']);
    const r = tsc(dir);
    assert.equal(r.status, 0, r.output);
  });

  it('type-checks <vote-poll> and the votewire/react wrapper in React 19 TSX under --strict', () => {
    const dir = consumer('react', [...dependencies, 'typescript', 'react', '@types/react']);
    const r = tsc(dir);
    assert.equal(r.status, 0, r.output);
  });

  it('creates and renders <vote-poll> in a Vitest + jsdom test', () => {
    const dir = consumer('vitest-jsdom', [...dependencies, 'vitest', 'jsdom']);
    const r = spawnSync(process.execPath, [join(dir, 'node_modules/vitest/vitest.mjs'), 'run', '--root', dir], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '1' },
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Tests\s+2 passed/);
  });

  it('bundles votewire/client without the widget or Lit, a fraction of the whole package', async () => {
    const dir = consumer('strict-ts', dependencies);
    /** The code an app loads up front for one import, and its gzip size (lazy chunks apart). */
    const entry = async (specifier) => {
      const bundle = await rollup({
        input: 'app',
        plugins: [
          {
            name: 'app',
            resolveId: (id) => (id === 'app' ? id : null),
            load: (id) => (id === 'app' ? `export { VotewireClient } from '${specifier}';` : null),
          },
          nodeResolve({ rootDir: dir, browser: true }),
          terser(),
        ],
        onwarn: () => {},
      });
      const { output } = await bundle.generate({ format: 'es' });
      await bundle.close();
      // Modules the lazy chunks share with the entry land in chunks the entry imports statically.
      const chunks = new Map(output.filter((o) => o.type === 'chunk').map((c) => [c.fileName, c]));
      const loaded = new Set();
      const visit = (chunk) => loaded.has(chunk) || (loaded.add(chunk), chunk.imports.forEach((f) => visit(chunks.get(f))));
      visit([...chunks.values()].find((c) => c.isEntry));
      const code = [...loaded].map((c) => c.code).join('\n');
      return { code, gzip: [...loaded].reduce((sum, c) => sum + gzipSync(c.code, { level: 9 }).length, 0) };
    };
    const client = await entry(join(dir, 'node_modules/votewire/dist/client.js'));
    const whole = await entry(join(dir, 'node_modules/votewire/dist/index.js'));
    console.log(`      import { VotewireClient } from 'votewire/client': ${client.gzip} B gzip; from 'votewire': ${whole.gzip} B gzip`);
    assert.doesNotMatch(client.code, /customElements|LitElement|lit-html/);
    assert.match(whole.code, /customElements/);
    assert.ok(client.gzip * 3 < whole.gzip, `${client.gzip} B against ${whole.gzip} B`);
  });
});
