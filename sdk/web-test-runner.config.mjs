// Browser tests of the SDK: headless Debian Chromium against a real Votewire backend that this
// config starts (backend/test/support/test-server.ts, loaded through tsx; it needs db/dist, built by
// `npm run build:ts` at the root).
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { TextEncoder } from 'node:util';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const require = createRequire(import.meta.url);
// jose is the backend's dependency; the tests sign identities as a site's server would.
const { SignJWT } = createRequire(new URL('../backend/package.json', import.meta.url))('jose');
const testServerModule = new URL('../backend/test/support/test-server.ts', import.meta.url);
const builtDb = new URL('../db/dist/index.js', import.meta.url);

/** @type {{ url: string; adminKey: string; close(): Promise<void> } | undefined} */
let backend;
/** @type {ReturnType<typeof outageProxy> | undefined} */
let proxy;
let testOrigins = [];

async function admin(method, path, body) {
  const res = await fetch(`${backend.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${backend.adminKey}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
  return data;
}

/**
 * A pass-through HTTP proxy in front of the backend that a test can switch off: while "down" it
 * drops every connection, which the browser sees as a network failure (the offline-queue tests).
 * It counts the vote requests it let through, to prove a queued vote is replayed exactly once.
 */
function outageProxy(target) {
  const state = { down: false, votePosts: 0 };
  const server = http.createServer((req, res) => {
    if (state.down) return req.socket.destroy();
    if (req.method === 'POST' && /\/votes$/.test(req.url ?? '')) state.votePosts++;
    const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return {
    state,
    url: () => `http://127.0.0.1:${server.address().port}`,
    listen: () => new Promise((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** Serves the browser tests' `executeServerCommand('votewire', …)` calls. */
const commands = {
  info: () => ({ url: backend.url, proxyUrl: proxy.url() }),
  createPoll: (input) => admin('POST', '/api/v1/polls', input),
  closePoll: ({ id }) => admin('POST', `/api/v1/polls/${id}/close`),
  updatePoll: ({ id, patch }) => admin('PATCH', `/api/v1/polls/${id}`, patch),
  getPoll: ({ id }) => admin('GET', `/api/v1/polls/${id}`),
  setOrigins: ({ origins }) => admin('PATCH', '/api/v1/site', { allowedOrigins: origins ?? testOrigins }),
  /** A vote by another visitor, from Node: a fresh voter token each time. */
  voteElsewhere: async ({ pollId, optionIds }) => {
    const headers = { 'Content-Type': 'application/json', Origin: testOrigins[0] };
    const body = JSON.stringify({ pollId });
    const token = await (await fetch(`${backend.url}/api/v1/voter-tokens`, { method: 'POST', headers, body })).json();
    const res = await fetch(`${backend.url}/api/v1/polls/${pollId}/votes`, {
      method: 'POST',
      headers: {
        ...headers,
        'X-Voter-Token': token.token,
        'Idempotency-Key': `elsewhere-${Date.now()}-${Math.random()}`.replace(/[^\w.:-]/g, ''),
      },
      body: JSON.stringify({ optionIds }),
    });
    return { status: res.status, body: await res.json() };
  },
  setProofOfWork: (proofOfWork) => admin('PATCH', '/api/v1/site', { proofOfWork }),
  createIdentityKey: () => admin('POST', '/api/v1/site/identity-keys'),
  /** A JWT naming `sub`, signed as the site's server would with an identity key (`kid`, `secret`). */
  signIdentity: async ({ kid, secret, sub }) => {
    const site = await admin('GET', '/api/v1/site');
    return new SignJWT({ sub })
      .setProtectedHeader({ alg: 'HS256', kid })
      .setAudience(String(site.id))
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(secret));
  },
  proxy: ({ down }) => {
    if (down !== undefined) proxy.state.down = down;
    return { ...proxy.state };
  },
  /** Test-only: the test server's log routes serve a wrong inclusion proof (`proof`) or tree head (`head`); null: honest. */
  lieAboutLog: ({ lie }) => (backend.lie(lie ?? null), {}),
  resetProxyCount: () => {
    proxy.state.votePosts = 0;
    return { ...proxy.state };
  },
};

function votewireBackend() {
  return {
    name: 'votewire-backend',
    async serverStart({ config }) {
      if (!existsSync(builtDb)) throw new Error('db/dist is missing: run `npm run build:ts` at the repository root');
      const { startTestServer } = require('tsx/cjs/api').require(testServerModule.pathname, import.meta.url);
      backend = await startTestServer();
      proxy = outageProxy(backend.url);
      await proxy.listen();
      // Votes are accepted only from the site's allowed origins: the test pages' origin.
      testOrigins = [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`];
      await commands.setOrigins({});
    },
    async serverStop() {
      await proxy?.close();
      await backend?.close();
    },
    async executeCommand({ command, payload }) {
      if (command !== 'votewire') return undefined;
      const run = commands[payload.op];
      if (!run) throw new Error(`unknown votewire test command ${payload.op}`);
      return run(payload.args ?? {});
    },
  };
}

export default {
  files: ['src/**/*.test.ts'],
  // Not 'development' (the dev server's default): socket.io-parser's development build imports the
  // CommonJS `debug` package, which browsers cannot load. Lit then runs its production build, as shipped.
  nodeResolve: { browser: true, exportConditions: ['browser'] },
  // Tests change site-wide settings (allowed origins, the outage proxy): one file at a time.
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  testsFinishTimeout: 300000,
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: new URL('./tsconfig.json', import.meta.url).pathname }),
    votewireBackend(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      },
    }),
  ],
};
