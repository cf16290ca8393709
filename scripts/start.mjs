#!/usr/bin/env node
// `npm start`: the embedded default. Installs what is missing, builds what is stale, then runs one
// backend on SQLite that serves the API, Socket.IO, the SDK and the demo site.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

/** Newest modification time below a folder, skipping build output and dependencies. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}
const builtAt = (file) => (existsSync(join(root, file)) ? statSync(join(root, file)).mtimeMs : 0);

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.log('Installing dependencies (first run only)…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
const sources = Math.max(...['wire', 'db', 'backend', 'sdk', 'demo-site'].map((d) => newest(join(root, d))));
if (
  builtAt('backend/dist/main.js') < sources ||
  builtAt('sdk/dist/cdn/vote-poll.js') < sources ||
  builtAt('demo-site/dist/index.html') < sources
) {
  console.log('Building…');
  run('npm', ['run', 'build', '--silent']);
}
// A development server: webhooks may go to a receiver on this machine (README, Webhooks).
const env = { VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE: 'true', ...process.env };
const child = spawn(process.execPath, [join(root, 'backend', 'dist', 'main.js')], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
