// The demo site's part of the root rollup run: the static pages in public/ are copied as they are,
// and the admin console (src/admin/*.ts) is compiled into dist/admin/. Together they make dist/,
// the static root the backend serves at / in the embedded mode and nginx serves in the cluster.
import { cp, readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import terser from '@rollup/plugin-terser';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const publicDir = here('./public');
const distDir = here('./dist');

async function listFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => `${e.parentPath ?? e.path}/${e.name}`);
}

/** Copies demo-site/public/** into dist/ (no dependency: a dozen lines beat a plugin package). */
function copyPublic() {
  return {
    name: 'votewire-copy-public',
    async buildStart() {
      // A clean dist/ each build, so a page deleted from public/ does not linger in production.
      await rm(distDir, { recursive: true, force: true });
      for (const file of await listFiles(publicDir)) this.addWatchFile(file);
    },
    async writeBundle() {
      await cp(publicDir, distDir, { recursive: true });
    },
  };
}

export default [
  {
    input: here('./src/admin/main.ts'),
    output: {
      file: here('./dist/admin/admin.js'),
      format: 'es',
      sourcemap: true,
    },
    plugins: [copyPublic(), typescript({ tsconfig: here('./tsconfig.json') }), terser({ format: { comments: false } })],
  },
];
