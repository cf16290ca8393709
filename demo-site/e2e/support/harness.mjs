// Shared by the e2e suites: the real backend (embedded mode), Debian's Chromium driven by
// playwright-core, and the screenshot folder. Nothing here downloads a browser.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const screenshotDir = `${repoRoot}e2e-screenshots`;

export const CHROMIUM = process.env.VOTEWIRE_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

const REQUIRED_BUILDS = [
  ['db/dist/index.js', 'npm run build:ts'],
  ['demo-site/dist/index.html', 'npm run build:web'],
  ['demo-site/dist/admin/admin.js', 'npm run build:web'],
  ['sdk/dist/cdn/vote-poll.js', 'npm run build:web'],
];

/** Fails with the command to run when a build the tests serve is missing, instead of a 404 later. */
export function assertBuilt() {
  const missing = REQUIRED_BUILDS.filter(([path]) => !existsSync(repoRoot + path));
  if (missing.length) {
    const commands = [...new Set(missing.map(([, cmd]) => cmd))].join(' && ');
    throw new Error(`Missing ${missing.map(([p]) => p).join(', ')}: run \`${commands}\` at the repository root first.`);
  }
}

/** A module of the backend's test support (TypeScript, loaded with tsx), shared with its suites. */
export function backendTestSupport(file) {
  return require('tsx/cjs/api').require(`${repoRoot}backend/test/support/${file}`, import.meta.url);
}

/**
 * A real Votewire backend on a free port with a fresh SQLite database and the demo seed. It serves
 * a snapshot of demo-site/dist and sdk/dist/cdn taken now: other work in the same tree rebuilds
 * (and first empties) those folders, which must not pull files from under a running test.
 * `env` adds VOTEWIRE_ settings (e.g. `VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE`).
 */
export async function startBackend(env = {}) {
  assertBuilt();
  const snapshot = mkdtempSync(join(tmpdir(), 'votewire-e2e-'));
  cpSync(`${repoRoot}demo-site/dist`, join(snapshot, 'site'), { recursive: true });
  cpSync(`${repoRoot}sdk/dist/cdn`, join(snapshot, 'sdk'), { recursive: true });
  const { startTestServer } = backendTestSupport('test-server.ts');
  const server = await startTestServer({
    VOTEWIRE_STATIC_ROOT: join(snapshot, 'site'),
    VOTEWIRE_SDK_ROOT: join(snapshot, 'sdk'),
    ...env,
  });
  return {
    ...server,
    async close() {
      await server.close();
      rmSync(snapshot, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM} (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Writes e2e-screenshots/<name>.png (git-ignored); every run refreshes them. */
export async function screenshot(page, name, options = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: `${screenshotDir}/${name}.png`, ...options });
}

/**
 * Collects what a page reports that a passing run must not have: uncaught errors and CSP
 * violations (the console must work without inline script or eval).
 */
export function watchProblems(page) {
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content Security Policy|Refused to (execute|load|apply)/i.test(text)) problems.push(`csp: ${text}`);
  });
  return problems;
}

/** Signs in to the console at /admin/ with the given key. */
export async function signIn(page, baseUrl, key) {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Polls' }).waitFor();
}

/** A browser context whose waits give up after 20 s (the test machine may be busy): a step either happens or is broken. */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext(options);
  context.setDefaultTimeout(20_000);
  return context;
}

/**
 * The hooks of a suite against one embedded backend and one browser: started before the suite,
 * closed after it, and after each test no page it watched reported an error or a CSP violation.
 * Call inside `describe`; `server` and `browser` are there from the suite's first test on. `env`
 * goes to the backend.
 */
export function consoleSuite({ before, after, afterEach }, env = {}) {
  const suite = { server: null, browser: null };
  let problemLists = [];
  before(async () => {
    suite.server = await startBackend(env);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  afterEach(() => {
    const seen = problemLists.flat();
    problemLists = [];
    assert.deepEqual(seen, [], 'no page errors or CSP violations');
  });
  /** A new page in its own context, its problems watched until the test ends. */
  suite.newPage = async (options) => {
    const page = await (await newContext(suite.browser, options)).newPage();
    const problems = watchProblems(page);
    problemLists.push(problems);
    return { page, problems };
  };
  return suite;
}
