// The main flow against the embedded default (one process, SQLite): an editor creates a poll in the
// console, a site owner's page embeds it with the copied snippet, a reader votes, another reader
// and the console see the count move live, and closing the poll leaves final results only.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { after, before, describe, it as test } from 'node:test';
import { launchBrowser, newContext, screenshot, signIn, startBackend, watchProblems } from './support/harness.mjs';
import { createPollInConsole } from './support/console.mjs';
import { assertText } from './support/text.mjs';

const QUESTION = 'Where should the new harbour footbridge land?';
const OPTIONS = ['Quay Road', 'Market Square', 'The Old Customs House'];

describe('embedded default: create, embed, vote live, close', () => {
  let server;
  let browser;
  let admin; // the console, its own browser context
  let adminProblems;
  let pollId;
  let snippet;
  let voter; // a page embedding the copied snippet
  let viewer; // another reader, on the gallery
  let ownerSite; // the site owner's own web server, on another origin
  let failed = false;

  /** Steps build on each other: after one fails, the rest are skipped rather than time out. */
  const it = (name, fn) =>
    test(name, async (t) => {
      if (failed) return t.skip('an earlier step failed');
      try {
        await fn();
      } catch (err) {
        failed = true;
        // What each browser showed when the step failed, for whoever reads the failure.
        const pages = { admin, voter, viewer };
        for (const [who, page] of Object.entries(pages)) {
          if (page && !page.isClosed()) await screenshot(page, `failure-${who}`).catch(() => {});
        }
        throw err;
      }
    });

  before(async () => {
    server = await startBackend();
    browser = await launchBrowser();
    // Reduced motion: the screenshots catch no toast or bar half-way through a transition.
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true, reducedMotion: 'reduce' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    admin = await context.newPage();
    adminProblems = watchProblems(admin);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    ownerSite?.close();
  });

  it('rejects a wrong key with a clear message, then signs in with the admin key', async () => {
    await admin.goto(`${server.url}/admin/`);
    await admin.getByLabel('API key').fill('vw_not_a_real_key');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await assertText(admin.getByRole('alert'), /not accepted/);
    await screenshot(admin, 'console-sign-in-error');

    await signIn(admin, server.url, server.adminKey);
    // The seeded demo polls are listed.
    await admin.getByRole('link', { name: /riverside tram/ }).waitFor();
    await screenshot(admin, 'console-polls');
  });

  it('creates a poll with a live preview of what voters will see', async () => {
    pollId = await createPollInConsole(admin, {
      question: QUESTION,
      options: OPTIONS,
      description: 'The design competition shortlisted three landing points.',
      shot: 'console-new-poll',
    });
  });

  it('copies an embed snippet that names the poll', async () => {
    await admin.getByRole('button', { name: 'Copy snippet' }).click();
    await assertText(admin.locator('#copy-status'), 'Copied to the clipboard.');
    snippet = await admin.evaluate(() => navigator.clipboard.readText());
    assert.equal(snippet, await admin.locator('#embed-snippet').textContent());
    assert.ok(snippet.includes(`<script type="module" src="${server.url}/sdk/vote-poll.js"></script>`), snippet);
    assert.ok(snippet.includes(`<vote-poll poll-id="${pollId}"></vote-poll>`), snippet);
  });

  it("allows the site owner's origin in the site settings", async () => {
    // The site owner's page: nothing but the snippet the console copied, on their own origin.
    ownerSite = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Footbridge consultation</title></head>
<body><main><h1>Footbridge consultation</h1><p>Tell us what you think.</p>\n${snippet}\n</main></body></html>`);
    });
    await new Promise((resolve) => ownerSite.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${ownerSite.address().port}`;

    await admin.getByRole('link', { name: 'Site', exact: true }).click();
    const origins = admin.getByLabel('Allowed origins');
    await origins.fill(`${await origins.inputValue()}\n${origin}`.trim());
    await admin.getByRole('button', { name: 'Save' }).click();
    await assertText(admin.getByRole('status').filter({ hasText: 'saved' }), 'Site settings saved.');
    await screenshot(admin, 'console-site');

    await admin.getByRole('link', { name: 'Polls', exact: true }).click();
    await admin.getByRole('link', { name: QUESTION }).click();
    await admin.getByRole('heading', { level: 1, name: QUESTION }).waitFor();
  });

  it('shows a vote on an embedding page live to another reader and in the console', async () => {
    // Another reader watches the results on the demo gallery, which embeds ids from ?polls=.
    const viewerContext = await newContext(browser, { viewport: { width: 1100, height: 900 } });
    viewer = await viewerContext.newPage();
    await viewer.goto(`${server.url}/gallery.html?polls=${pollId}`);
    const watched = viewer.locator(`vote-poll[poll-id="${pollId}"]`);
    await watched.getByRole('button', { name: 'See results' }).click();
    await assertText(watched, /0 voters/);

    const voterContext = await newContext(browser, { viewport: { width: 900, height: 800 } });
    voter = await voterContext.newPage();
    const pageProblems = watchProblems(voter);
    await voter.goto(`http://127.0.0.1:${ownerSite.address().port}/`);
    const widget = voter.locator('vote-poll');
    await widget.getByRole('heading', { name: QUESTION }).waitFor();
    await widget.getByRole('radio', { name: OPTIONS[1] }).check();
    await widget.getByRole('button', { name: 'Vote', exact: true }).click();
    await assertText(widget, /Thanks, your vote was counted/);
    await assertText(widget, /1 voter\b/);
    await screenshot(voter, 'embed-voted');

    // Neither the other reader nor the console reloads: the count arrives live.
    await assertText(watched, /1 voter\b/);
    await assertText(admin.getByTestId('total-ballots'), /^1 ballot\b/);
    await assertText(admin.locator('li.bar-row', { hasText: OPTIONS[1] }), /1 vote · 100%/);
    await admin.locator('.notice.is-visible').waitFor({ state: 'hidden' });
    await screenshot(admin, 'console-poll-live');
    assert.deepEqual(pageProblems, []);
  });

  it('closes the poll: readers see final results and no vote controls', async () => {
    await admin.getByRole('button', { name: 'Close poll' }).click();
    await admin.getByRole('button', { name: 'Reopen poll' }).waitFor();
    await assertText(admin.locator('.title-badge'), 'Closed');

    const widget = voter.locator('vote-poll');
    await assertText(widget, /This poll is closed/);
    await assertText(widget, /Final results/);
    assert.equal(await widget.getByRole('radio').count(), 0);
    assert.equal(await widget.getByRole('button', { name: 'Vote', exact: true }).count(), 0);
    await screenshot(voter, 'embed-closed');

    const watched = viewer.locator(`vote-poll[poll-id="${pollId}"]`);
    await assertText(watched, /Final results/);
    assert.equal(await watched.getByRole('radio').count(), 0);
    await screenshot(viewer, 'gallery-closed');
  });

  it('reopens the poll and closes it again', async () => {
    await admin.getByRole('button', { name: 'Reopen poll' }).click();
    await admin.getByRole('button', { name: 'Close poll' }).waitFor();
    await assertText(admin.locator('.title-badge'), 'Open');
    // A closed widget stops listening (nothing more can change), so the reader sees the reopened poll on reload.
    await voter.reload();
    await assertText(voter.locator('vote-poll'), /Thanks, your vote was counted/);
    await admin.getByRole('button', { name: 'Close poll' }).click();
    await assertText(admin.locator('.title-badge'), 'Closed');
  });

  it('exports the ballots as CSV', async () => {
    const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.equal(lines.length, 2, `a header and one ballot:\n${csv}`);
    await screenshot(admin, 'console-poll-closed');
    assert.deepEqual(adminProblems, [], 'the console runs under its CSP without errors');
  });

  it('serves the demo publication with the seeded polls embedded', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);

    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1, name: /Night trams/ }).waitFor();
    for (const id of ['demo-single', 'demo-multiple', 'demo-ranked']) {
      await page.locator(`vote-poll[poll-id="${id}"]`).getByRole('heading', { level: 2 }).waitFor();
    }
    await screenshot(page, 'article', { fullPage: true });
    await screenshot(page, 'article-top');
    // The README's picture: a paragraph of the story with the first poll in it.
    await page.locator('vote-poll[poll-id="demo-single"]').evaluate((el) => {
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 330);
    });
    await screenshot(page, 'article-poll');

    await page.goto(`${server.url}/live.html`);
    await page
      .locator('vote-poll[poll-id="demo-live"]')
      .getByRole('heading', { name: /Best New Venue/ })
      .waitFor();
    await page.locator('vote-poll[poll-id="demo-ranked"]').getByRole('heading', { level: 2 }).waitFor();
    await screenshot(page, 'live', { fullPage: true });

    await page.goto(`${server.url}/gallery.html`);
    assert.equal(await page.locator('vote-poll').count(), 4);
    await page.locator('vote-poll[poll-id="demo-live"]').getByRole('heading', { level: 2 }).waitFor();
    await screenshot(page, 'gallery', { fullPage: true });

    const phone = await newContext(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${server.url}/`);
    await phonePage.locator('vote-poll[poll-id="demo-single"]').getByRole('heading', { level: 2 }).waitFor();
    await screenshot(phonePage, 'article-phone');
    assert.deepEqual(problems, []);
  });
});
