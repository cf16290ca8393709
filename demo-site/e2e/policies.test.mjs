// The three voter policies through the widget in Chromium, against the embedded server: the owner
// sets them up in the console (proof of work, an identity key, a poll's policy), and voters on a
// host page of another origin vote under each. The host page's own server signs its signed-in
// users' identities with jose, as a site owner's server would.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { TextEncoder } from 'node:util';
import { after, before, describe, it as test } from 'node:test';
import { SignJWT } from 'jose';
import { launchBrowser, newContext, screenshot, signIn, startBackend, watchProblems } from './support/harness.mjs';
import { assertText } from './support/text.mjs';

const OPTIONS = [{ label: 'Mornings' }, { label: 'Evenings' }];

describe('voter policies: one vote per device (with proof of work), per network, per signed-in member', () => {
  let server;
  let browser;
  let admin;
  let adminProblems;
  let hostSite; // the site owner's server: pages embedding the widget, signing identities
  let hostOrigin;
  let identityKey; // { id, secret } as the console showed it
  let siteId;
  let failed = false;

  /** Steps build on each other: after one fails, the rest are skipped rather than time out. */
  const it = (name, fn) =>
    test(name, async (t) => {
      if (failed) return t.skip('an earlier step failed');
      try {
        await fn();
      } catch (err) {
        failed = true;
        if (admin && !admin.isClosed()) await screenshot(admin, 'failure-policies-admin').catch(() => {});
        throw err;
      }
    });

  async function api(method, path, body) {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${server.adminKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json();
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${JSON.stringify(data)}`);
    return data;
  }

  const createPoll = (question, settings) =>
    api('POST', '/polls', { question, status: 'open', resultsVisibility: 'always', options: OPTIONS, ...settings });

  /** A visitor in a browser context of their own (own storage), on a page of the host site. */
  async function visit(path) {
    const context = await newContext(browser, { viewport: { width: 900, height: 800 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    const requests = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(`${hostOrigin}${path}`);
    return { page, problems, requests, widget: page.locator('vote-poll') };
  }

  async function vote(widget, option = OPTIONS[0].label) {
    await widget.getByRole('radio', { name: option }).check();
    await widget.getByRole('button', { name: 'Vote', exact: true }).click();
  }

  before(async () => {
    server = await startBackend();
    browser = await launchBrowser();
    siteId = (await api('GET', '/site')).id;
    hostSite = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://host');
      const poll = url.searchParams.get('poll') ?? '';
      const user = url.searchParams.get('user');
      // The host site's server vouches for its signed-in user: a JWT signed with its identity key.
      const identity = user
        ? await new SignJWT({ sub: user })
            .setProtectedHeader({ alg: 'HS256', kid: identityKey.id })
            .setAudience(String(siteId))
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign(new TextEncoder().encode(identityKey.secret))
        : null;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Community poll</title></head>
<body><main><h1>Community poll</h1>
<script type="module" src="${server.url}/sdk/vote-poll.js"></script>
<vote-poll poll-id="${encodeURIComponent(poll)}"${identity ? ` voter-identity="${identity}"` : ''}></vote-poll>
</main></body></html>`);
    });
    await new Promise((resolve) => hostSite.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://127.0.0.1:${hostSite.address().port}`;

    const context = await newContext(browser, { viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    admin = await context.newPage();
    adminProblems = watchProblems(admin);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    hostSite?.close();
  });

  it('the owner allows the host site, turns proof of work on and creates an identity key in the console', async () => {
    await signIn(admin, server.url, server.adminKey);
    await admin.getByRole('link', { name: 'Site', exact: true }).click();
    const origins = admin.getByLabel('Allowed origins');
    await origins.fill(`${await origins.inputValue()}\n${hostOrigin}`.trim());
    await admin.getByLabel('Make anonymous voting cost a little computing').check();
    await admin.getByLabel('Difficulty').fill('50000');
    await admin.getByRole('button', { name: 'Save' }).click();
    await assertText(admin.getByRole('status').filter({ hasText: 'saved' }), 'Site settings saved.');
    assert.deepEqual((await api('GET', '/site')).proofOfWork, { enabled: true, difficulty: 50000 });

    await admin.getByRole('button', { name: 'Create identity key' }).click();
    const secret = (await admin.locator('#new-identity-secret').textContent())?.trim();
    const [key] = await api('GET', '/site/identity-keys').then((r) => r.items);
    assert.ok(secret && key, 'the secret is shown once, the key is listed');
    identityKey = { id: key.id, secret };
    await admin
      .getByRole('row', { name: new RegExp(key.id) })
      .getByRole('button', { name: 'Revoke' })
      .waitFor();
    await screenshot(admin, 'console-site-policies');
  });

  it('browser: a visitor votes after the widget solved the proof of work in a worker', async () => {
    const poll = await createPoll('When should the library open late?', { voterPolicy: 'browser' });
    const { widget, problems, requests } = await visit(`/?poll=${poll.id}`);
    await assertText(widget, 'One vote per device.');
    assert.ok(!requests.some((u) => /proof-of-work/.test(u)), 'no solver before a vote needs it');
    await vote(widget);
    await assertText(widget, /Thanks, your vote was counted/);
    assert.ok(
      requests.some((u) => /\/voter-tokens\/challenge/.test(u)),
      'a challenge was fetched',
    );
    assert.ok(
      requests.some((u) => /proof-of-work-[\w-]+\.js$/.test(u)),
      'the solver chunk was loaded',
    );
    assert.equal((await api('GET', `/polls/${poll.id}`)).ballotCount, 1);
    assert.deepEqual(problems, []);
  });

  it('ip: a second voter on the same address is refused with the widget’s explanation', async () => {
    // Through the console's editor: the policy and its limit as an owner sets them.
    await admin.getByRole('link', { name: 'Polls', exact: true }).click();
    await admin.getByRole('link', { name: 'New poll' }).click();
    await admin.getByLabel('Question').fill('Which evening suits the residents’ meeting?');
    await admin.getByLabel('Option 1', { exact: true }).fill(OPTIONS[0].label);
    await admin.getByLabel('Option 2', { exact: true }).fill(OPTIONS[1].label);
    await admin.getByLabel('One vote per network').check();
    await admin.getByLabel('Ballots per network').fill('1');
    await admin.getByRole('button', { name: 'Create poll' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Which evening suits the residents’ meeting?' }).waitFor();
    const pollId = decodeURIComponent(new URL(admin.url()).hash.split('/')[2] ?? '');
    await assertText(admin.locator('dl.facts'), /Who may vote\s*One vote per network/);
    const poll = await api('GET', `/polls/${pollId}`);
    assert.equal(poll.voterPolicy, 'ip');
    assert.equal(poll.maxBallotsPerIp, 1);

    const first = await visit(`/?poll=${pollId}`);
    await assertText(first.widget, 'One vote per network.');
    await vote(first.widget);
    await assertText(first.widget, /Thanks, your vote was counted/);

    const second = await visit(`/?poll=${pollId}`);
    await vote(second.widget, OPTIONS[1].label);
    await assertText(second.widget, 'No more votes are accepted from your network (internet connection) in this poll.');
    await screenshot(second.page, 'widget-ip-limit');
    assert.equal((await api('GET', `/polls/${pollId}`)).ballotCount, 1);
  });

  it('site_user: a signed-in member votes once; a visitor without identity is asked to sign in', async () => {
    const poll = await createPoll('Which new course should the club run?', { voterPolicy: 'site_user' });

    const guest = await visit(`/?poll=${poll.id}`);
    await assertText(guest.widget, 'Sign in to vote.');
    assert.equal(await guest.widget.getByRole('button', { name: 'Vote', exact: true }).count(), 0, 'no ballot without identity');
    await screenshot(guest.page, 'widget-sign-in');

    const member = await visit(`/?poll=${poll.id}&user=member-17`);
    await assertText(member.widget, 'One vote per member of this site.');
    await vote(member.widget);
    await assertText(member.widget, /Thanks, your vote was counted/);

    // The same member on another device: a fresh token, the same voter.
    const again = await visit(`/?poll=${poll.id}&user=member-17`);
    await vote(again.widget, OPTIONS[1].label);
    await assertText(again.widget, /already voted|Thanks, your vote was counted/);
    const other = await visit(`/?poll=${poll.id}&user=member-18`);
    await vote(other.widget);
    await assertText(other.widget, /Thanks, your vote was counted/);
    assert.equal((await api('GET', `/polls/${poll.id}`)).ballotCount, 2, 'one ballot per member');
    assert.deepEqual(adminProblems, []);
  });
});
