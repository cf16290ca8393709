// The package as npm publishes it, and consumer projects that install it: `npm pack` of the built
// sdk/ (run `npm run build` first), unpacked into a temporary project's node_modules. The consumer's
// other packages are links into the repository's node_modules, so nothing is downloaded; the
// project lives outside the repository, so only what it links (never @votewire/wire) resolves.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const sdkDir = fileURLToPath(new URL('../../', import.meta.url));
export const repoModules = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
const fixtures = fileURLToPath(new URL('./consumers/', import.meta.url));

const made = [];
let unpacked;

/** The unpacked tarball (its `package/` folder), made once per test process. */
export function packed() {
  if (unpacked) return unpacked;
  if (!existsSync(join(sdkDir, 'dist/index.js'))) throw new Error('sdk/dist is missing: run `npm run build` at the repository root');
  const dir = mkdtempSync(join(tmpdir(), 'votewire-pack-'));
  made.push(dir);
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: sdkDir, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out);
  execFileSync('tar', ['-xzf', join(dir, filename), '-C', dir]);
  unpacked = join(dir, 'package');
  return unpacked;
}

/**
 * A consumer project: test/package/consumers/<name> copied to a temporary folder, with the tarball
 * installed as node_modules/votewire and `links` (package names) linked from the repository.
 */
export function consumer(name, links) {
  const dir = mkdtempSync(join(tmpdir(), `votewire-consumer-${name}-`));
  made.push(dir);
  cpSync(join(fixtures, name), dir, { recursive: true });
  cpSync(packed(), join(dir, 'node_modules/votewire'), { recursive: true });
  for (const pkg of links) {
    const to = join(dir, 'node_modules', pkg);
    mkdirSync(dirname(to), { recursive: true });
    symlinkSync(join(repoModules, pkg), to, 'dir');
  }
  return dir;
}

export function cleanUp() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
export function filesIn(dir, prefix = '') {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesIn(dir, `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}
