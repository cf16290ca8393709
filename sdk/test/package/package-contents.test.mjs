// What `npm pack` ships: every path the package names (package.json, custom-elements.json, .d.ts
// imports, source maps) resolves inside the tarball, and nothing points at a package a consumer
// does not get (the private @votewire/wire above all).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cleanUp, filesIn, packed } from './pack.mjs';

let dir;
let pkg;
let files;
const read = (file) => readFileSync(join(dir, file), 'utf8');
const inPackage = (from, ref) => {
  const file = normalize(join(dirname(from), ref));
  return !file.startsWith('..') && existsSync(join(dir, file));
};

before(() => {
  dir = packed();
  pkg = JSON.parse(read('package.json'));
  files = filesIn(dir);
});
after(cleanUp);

describe('the packed votewire package', () => {
  it('has every file package.json names: main, module, types, customElements and each export', () => {
    const targets = (node) => (typeof node === 'string' ? [node] : Object.values(node).flatMap(targets));
    const named = [pkg.main, pkg.module, pkg.types, pkg.customElements, ...targets(pkg.exports)];
    assert.ok(named.length > 10, 'package.json names its entries');
    for (const path of named) assert.ok(inPackage('package.json', path), `${path} is not in the tarball`);
  });

  it('gives every JavaScript export, the CDN module included, its types', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string' && !target.endsWith('.js')) continue;
      assert.equal(typeof target, 'object', `${subpath} has no types condition`);
      assert.match(target.types, /\.d\.ts$/, `${subpath} types`);
    }
    assert.equal(pkg.exports['./cdn/vote-poll.js'].types, './dist/cdn.d.ts');
  });

  it('has a custom-elements.json whose every module path resolves and that names only packages a consumer installs', () => {
    const manifest = JSON.parse(read(pkg.customElements));
    const installed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})]);
    const refs = [];
    const walk = (node) => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      if (node.package) assert.ok(installed.has(node.package), `the manifest names ${node.package}`);
      else if (typeof node.module === 'string') refs.push(node.module);
      if (typeof node.path === 'string') refs.push(node.path);
      Object.values(node).forEach(walk);
    };
    walk(manifest.modules);
    assert.ok(refs.includes('dist/components/vote-poll/vote-poll.component.js'), 'the element’s module is listed');
    for (const ref of refs) assert.ok(inPackage('package.json', ref), `custom-elements.json names ${ref}, not in the tarball`);
    const element = manifest.modules.flatMap((m) => m.declarations ?? []).find((d) => d.tagName === 'vote-poll');
    assert.deepEqual(element.events.map((e) => e.name).sort(), ['vote-cast', 'vote-error', 'vote-results']);
  });

  it('has declarations whose imports resolve inside the package or to its dependencies, never @votewire/wire', () => {
    const allowed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies ?? {})]);
    const declarations = files.filter((f) => f.endsWith('.d.ts'));
    assert.ok(declarations.includes('dist/wire.d.ts'), 'the wire types ship as dist/wire.d.ts');
    for (const file of declarations) {
      const text = read(file);
      const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|declare module\s+)'([^']+)'/g)].map((m) => m[1]);
      for (const spec of specifiers) {
        if (spec.startsWith('.')) {
          const asTypes = spec.replace(/\.js$/, '.d.ts');
          assert.ok(inPackage(file, asTypes), `${file} imports ${spec}, which is not in the tarball`);
        } else {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          assert.ok(allowed.has(name), `${file} imports ${spec}, not a dependency of the package`);
        }
      }
    }
    // package.json keeps it among devDependencies, and the maps' inline sources show the original imports.
    const named = files.filter((f) => !/^package\.json$|\.md$|\.map$/.test(f) && read(f).includes('@votewire/wire'));
    assert.deepEqual(named, [], 'files that name the private @votewire/wire');
  });

  it('has source maps whose sources are shipped or carried inline, and scripts whose map links resolve', () => {
    const maps = files.filter((f) => f.endsWith('.js.map'));
    assert.ok(maps.length > 20, `${maps.length} maps`);
    for (const map of maps) {
      const { sources, sourcesContent = [] } = JSON.parse(read(map));
      sources.forEach((source, i) => {
        assert.ok(
          typeof sourcesContent[i] === 'string' || inPackage(map, source),
          `${map}: ${source} is neither in the tarball nor inline`,
        );
      });
    }
    // Built scripts; bin/votewire.js is written by hand.
    for (const script of files.filter((f) => f.startsWith('dist/') && f.endsWith('.js'))) {
      const link = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(read(script))?.[1];
      assert.ok(link, `${script} links no source map`);
      assert.ok(inPackage(script, link), `${script} links ${link}, not in the tarball`);
    }
  });

  it('warns about a missing api-base in the npm build only, where the script’s origin is not Votewire’s', () => {
    const warning = 'no api-base attribute';
    assert.ok(read('dist/components/vote-poll/vote-poll.component.js').includes(warning), 'npm build');
    const cdn = files.filter((f) => f.startsWith('dist/cdn/') && f.endsWith('.js'));
    assert.deepEqual(
      cdn.filter((f) => read(f).includes(warning)),
      [],
      'the CDN build drops the warning',
    );
  });

  it('ships the `votewire` bin, whose build needs only Node, and it answers --help', () => {
    assert.deepEqual(pkg.bin, { votewire: './bin/votewire.js' });
    assert.match(read('bin/votewire.js'), /^#!\/usr\/bin\/env node\n[\s\S]*import '\.\.\/dist\/bin\/votewire\.js';/);
    const bin = read('dist/bin/votewire.js');
    const imports = [...bin.matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)].map(
      (m) => m[1] ?? m[2],
    );
    assert.ok(imports.length > 0, 'the bin imports Node built-ins');
    assert.deepEqual(
      imports.filter((s) => !s.startsWith('node:')),
      [],
      'the bin imports only node: built-ins',
    );
    const help = execFileSync(process.execPath, [join(dir, 'bin/votewire.js'), '--help'], { encoding: 'utf8' });
    assert.match(help, /^Usage: votewire verify <api-base> <poll-id> \[--state <file>\]/);
  });

  it('leaves out tests, test helpers and the server’s precompressed copies', () => {
    const stray = files.filter((f) => /\.test\.|\/testing\/|\.(gz|br)$/.test(f));
    assert.deepEqual(stray, []);
  });
});
