// Read by `cem analyze` (run by the build from this folder).

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

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/testing/**'],
  outdir: 'dist',
  litelement: true,
  plugins: [publicApiOnly],
};
