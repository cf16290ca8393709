// Read by `cem analyze` (run by the build from this folder).
import { existsSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * The analyzer lists `static properties` entries with `state: true` as attributes, and the event
 * name variable of the private `#emit` helper as an event: drop both, the public API is documented
 * in JSDoc.
 */
const publicApiOnly = {
  name: 'votewire-public-api-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules) {
      for (const decl of mod.declarations ?? []) {
        if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !a.name.startsWith('_'));
        if (decl.members) decl.members = decl.members.filter((m) => !m.name.startsWith('_') && !m.name.startsWith('#'));
        if (decl.events) decl.events = decl.events.filter((e) => e.name && e.name.startsWith('vote-'));
      }
    }
  },
};

/**
 * The analyzer names source files (`src/…ts`, some as `./x.js` or `/src/x.js`) and the private
 * `@votewire/wire`; the package ships neither. Point every reference at the built file a consumer
 * has: `dist/x.js`, or `dist/x.d.ts` for a module of types only (the wire types are dist/wire.d.ts).
 */
const shippedPaths = {
  name: 'votewire-shipped-paths',
  packageLinkPhase({ customElementsManifest }) {
    const shipped = (from, ref) => {
      const source = ref.startsWith('.') ? posix.join(posix.dirname(from), ref) : ref.replace(/^\//, '');
      const stem = source.replace(/^src\//, 'dist/').replace(/\.[jt]s$/, '');
      return existsSync(`${stem}.js`) ? `${stem}.js` : `${stem}.d.ts`;
    };
    const fix = (from, node) => {
      if (Array.isArray(node)) return node.forEach((n) => fix(from, n));
      if (!node || typeof node !== 'object') return;
      if (node.package === '@votewire/wire') {
        delete node.package;
        node.module = 'dist/wire.d.ts';
      } else if (typeof node.module === 'string' && !node.package) node.module = shipped(from, node.module);
      for (const value of Object.values(node)) fix(from, value);
    };
    for (const mod of customElementsManifest.modules) {
      fix(mod.path, mod.declarations);
      fix(mod.path, mod.exports);
      mod.path = shipped(mod.path, mod.path);
    }
  },
};

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/testing/**'],
  outdir: 'dist',
  litelement: true,
  plugins: [publicApiOnly, shippedPaths],
};
