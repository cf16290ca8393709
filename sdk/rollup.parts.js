// The SDK's rollup builds, imported by the root rollup.config.js and run alone by `npm run build -w sdk`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const require = createRequire(import.meta.url);

/** Names the lazily loaded socket.io-client chunk so that `npm run size` and humans can find it. */
const chunkFileNames = (chunk) =>
  chunk.moduleIds.some((id) => id.includes('/socket.io-client/')) ? 'socket-[hash].js' : '[name]-[hash].js';

/**
 * The published .d.ts must not point at @votewire/wire, a private workspace package: ship its
 * types as dist/wire.d.ts and rewrite the imports to it.
 */
function bundleWireTypes() {
  return {
    name: 'votewire-wire-types',
    generateBundle(_options, bundle) {
      this.emitFile({ type: 'asset', fileName: 'wire.d.ts', source: readFileSync(here('../wire/index.d.ts'), 'utf8') });
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.d.ts')) continue;
        let to = relative(dirname(file.fileName), 'wire.js').replaceAll('\\', '/');
        if (!to.startsWith('.')) to = `./${to}`;
        file.source = String(file.source).replaceAll("'@votewire/wire'", `'${to}'`);
      }
    },
  };
}

/** Writes dist/custom-elements.json from the JSDoc of the components. */
function customElementsManifest() {
  return {
    name: 'votewire-cem',
    writeBundle() {
      const cem = require.resolve('@custom-elements-manifest/analyzer/cem.js');
      const run = spawnSync(process.execPath, [cem, 'analyze'], { cwd: here('.'), stdio: 'inherit' });
      if (run.status !== 0) this.error('custom-elements-manifest analysis failed');
    },
  };
}

/**
 * Lit leaves template and CSS text as written; its indentation is most of the widget's size after
 * gzip's share of the budget. Whitespace between tags or CSS tokens means nothing to the browser.
 */
function minifyTemplates() {
  const cssToken = /\s*([{};,>])\s*/g;
  return {
    name: 'votewire-minify-templates',
    transform(code, id) {
      if (!id.startsWith(here('src/')) || id.includes('/i18n/')) return null;
      let out = code.replace(
        /\bcss\s*`([^`]*)`/g,
        (_m, body) =>
          `css\`${body
            .replace(/\/\*[\s\S]*?\*\//g, '')
            .replace(cssToken, '$1')
            .replace(/:\s+/g, ':')
            .replace(/\s+/g, ' ')
            .trim()}\``,
      );
      // Inside templates a newline and its indentation become one space (or nothing between tags).
      out = out.replace(/>\s*\n\s*</g, '><').replace(/\n\s+/g, '\n');
      return { code: out, map: null };
    },
  };
}

/**
 * Lit records its versions on `window` (litHtmlVersions…) and keeps decorator metadata in a global
 * WeakMap: harmless, but the one-file embed promises host pages no globals. The widget uses no
 * decorators, so a module-local map does the same job. Fails the build if Lit's code changes shape.
 */
function noLitGlobals() {
  const edits = [
    [/\(\w+\.(?:litHtmlVersions|reactiveElementVersions|litElementVersions)\?\?=\[\]\)\.push\("[^"]*"\)/g, 'void 0'],
    [/\w+\.litPropertyMetadata\?\?=new WeakMap/g, 'void 0'],
    [/\blitPropertyMetadata\.get\(/g, 'votewireLitMetadata.get('],
  ];
  const expected = { 'lit-html/lit-html.js': 1, '@lit/reactive-element/reactive-element.js': 3, 'lit-element/lit-element.js': 1 };
  return {
    name: 'votewire-no-lit-globals',
    transform(code, id) {
      const file = Object.keys(expected).find((f) => id.endsWith(`/node_modules/${f}`));
      if (!file) return null;
      let count = 0;
      for (const [pattern, replacement] of edits) code = code.replace(pattern, () => (count++, replacement));
      if (count !== expected[file]) this.error(`expected ${expected[file]} Lit global(s) in ${file}, found ${count}`);
      if (code.includes('votewireLitMetadata')) code = `const votewireLitMetadata = new WeakMap();\n${code}`;
      return { code, map: null };
    },
  };
}

/**
 * Writes `x.js.gz` and `x.js.br` beside every file of the CDN build, so the server sends them as
 * they are instead of compressing each response (or, as before, sending the files uncompressed).
 */
function precompress() {
  return {
    name: 'votewire-precompress',
    writeBundle({ dir }, bundle) {
      for (const name of Object.keys(bundle).filter((f) => f.endsWith('.js'))) {
        const file = `${dir}/${name}`;
        const body = readFileSync(file);
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

/** Marks the CDN build: src/cdn-build.ts's constant becomes true, after TypeScript compiled it. */
function cdnBuildFlag() {
  const flag = here('src/cdn-build.ts');
  return {
    name: 'votewire-cdn-build-flag',
    transform: (code, id) => (id === flag ? { code: 'export const CDN_BUILD = true;', map: null } : null),
  };
}

/**
 * Chunk names carry content hashes: without a clean folder, stale chunks pile up and skew `npm run
 * size`, and files of removed modules would ship in the package. `keep` names entries to leave.
 */
function cleanDir(dir, keep = []) {
  return {
    name: 'votewire-clean',
    buildStart: () => {
      for (const entry of existsSync(dir) ? readdirSync(dir) : []) {
        if (!keep.includes(entry)) rmSync(`${dir}/${entry}`, { recursive: true, force: true });
      }
    },
  };
}

// inlineSources: the maps carry the TypeScript they point at, which the package does not ship.
const ts = (options) => typescript({ tsconfig: here('tsconfig.json'), noEmitOnError: true, inlineSources: true, ...options });

export default [
  {
    // The one-file module the backend serves at /sdk/vote-poll.js: Lit and the widget together.
    input: here('src/cdn.ts'),
    // Lets lazy chunks import straight from vote-poll.js instead of a shared chunk behind a facade.
    preserveEntrySignatures: 'allow-extension',
    output: {
      dir: here('dist/cdn'),
      format: 'es',
      entryFileNames: 'vote-poll.js',
      chunkFileNames,
      sourcemap: true,
    },
    plugins: [
      cleanDir(here('dist/cdn')),
      nodeResolve({ browser: true }),
      noLitGlobals(),
      ts({ outDir: here('dist/cdn'), declaration: false, sourceMap: true }),
      cdnBuildFlag(),
      minifyTemplates(),
      terser({
        module: true,
        ecma: 2022,
        compress: { passes: 3, unsafe_arrows: true },
        format: { comments: false },
      }),
      precompress(),
    ],
  },
  {
    // The npm package: one ES module per source file, Lit, socket.io-client and React left to the app's bundler.
    input: [here('src/index.ts'), here('src/client.ts'), here('src/react.ts')],
    external: [/^lit($|\/)/, /^@lit\//, /^socket\.io-client$/, /^react($|\/)/],
    output: {
      dir: here('dist'),
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: here('src'),
      sourcemap: true,
    },
    plugins: [
      // The CDN build, made just before into dist/cdn, stays.
      cleanDir(here('dist'), ['cdn']),
      ts({ outDir: here('dist'), declaration: true, declarationDir: here('dist'), sourceMap: true }),
      bundleWireTypes(),
      customElementsManifest(),
    ],
  },
  {
    // The `votewire` bin's code (bin/votewire.js imports it): one file with everything it runs (the
    // noble hashes, the wire's runoff count) inlined, so `npx votewire verify` needs nothing but
    // Node. After the package build, whose clean would remove it.
    input: here('cli/votewire.ts'),
    external: [/^node:/],
    output: { file: here('dist/bin/votewire.js'), format: 'es', sourcemap: true },
    plugins: [
      nodeResolve({ preferBuiltins: true }),
      commonjs(),
      ts({ tsconfig: here('tsconfig.cli.json'), outDir: here('dist/bin'), sourceMap: true }),
      // Readable (no mangling), but without the inlined libraries' comments.
      terser({ module: true, ecma: 2022, compress: false, mangle: false, format: { comments: false, beautify: true } }),
    ],
  },
];
