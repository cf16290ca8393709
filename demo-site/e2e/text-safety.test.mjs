// Poll text is rendered as text in the widget. A question, description and option labels
// full of markup, right-to-left and zero-width characters and emoji show exactly as typed, before
// and after a vote, and nothing in them runs. (The console's side is in console.test.mjs: "shows
// poll text from the API as text, never as markup".)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newContext, startBackend, watchProblems } from './support/harness.mjs';
import { assertText } from './support/text.mjs';

const QUESTION = '<img src=x onerror="window.__pwned=1"><b>Bold</b> question? \u202eRTL\u202c مرحبا 🗳️';
const DESCRIPTION = '<a href="javascript:window.__pwned=2">click</a> & <svg onload="window.__pwned=3"></svg>';
const LABELS = ['<script>window.__pwned=4</script>Option', 'zero\u200bwidth & <i>italic</i>', '"quoted" \'single\' 👩‍👩‍👧'];

describe('widget: poll text is text', () => {
  let server;
  let browser;
  let poll;

  before(async () => {
    server = await startBackend();
    browser = await launchBrowser();
    const res = await fetch(`${server.url}/api/v1/polls`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: QUESTION, description: DESCRIPTION, type: 'single', options: LABELS.map((label) => ({ label })) }),
    });
    assert.equal(res.status, 201);
    poll = await res.json();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows markup, RTL, zero-width and emoji as typed, and runs none of it, before and after voting', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const problems = watchProblems(page);
    // A page of the backend's own origin (allowed to vote), embedding the widget the documented way.
    await page.route(`${server.url}/text-safety.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>text safety</title>
          <script type="module" src="/sdk/vote-poll.js"></script></head>
          <body><main><vote-poll poll-id="${poll.id}"></vote-poll></main></body></html>`,
      }),
    );
    await page.goto(`${server.url}/text-safety.html`);
    const widget = page.locator('vote-poll');
    await assertText(widget, QUESTION);
    await assertText(widget, DESCRIPTION);
    for (const label of LABELS) await assertText(widget, label);

    const injected = () =>
      page.evaluate(() => {
        const root = document.querySelector('vote-poll').shadowRoot;
        return {
          elements: root.querySelectorAll('img[src="x"], b, i, script, svg[onload], a[href^="javascript"]').length,
          pwned: window.__pwned ?? null,
        };
      });
    assert.deepEqual(await injected(), { elements: 0, pwned: null });

    // Vote for the option whose label is a script tag; the results show the labels as text too.
    await page.getByRole('radio', { name: LABELS[0] }).check();
    await page.getByRole('button', { name: 'Vote', exact: true }).click();
    await assertText(widget, /100\s*%/);
    for (const label of LABELS) await assertText(widget, label);
    assert.deepEqual(await injected(), { elements: 0, pwned: null });
    assert.deepEqual(problems, []);
    await context.close();
  });
});
