// A site whose CMS strips <script>: the host page holds nothing of ours but the iframe that
// /oembed hands out, on another origin. A reader votes inside the frame, the vote is counted, and
// the frame tells the page its height.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newContext, screenshot, startBackend, watchProblems } from './support/harness.mjs';
import { assertText } from './support/text.mjs';

describe('iframe embed from a host page without scripts', () => {
  let server;
  let browser;
  let host;
  let hostOrigin;
  let poll;
  let iframeHtml;

  const admin = async (method, path, body) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${server.adminKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status}`);
    return res.json();
  };

  before(async () => {
    server = await startBackend();
    browser = await launchBrowser();
    poll = await admin('POST', '/polls', {
      question: 'Which bench should the square get?',
      type: 'single',
      resultsVisibility: 'always',
      options: [{ label: 'Oak' }, { label: 'Stone' }, { label: 'Steel' }],
    });
    host = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Town square</title></head>
<body><main><h1>The new square</h1><p>Have your say.</p>\n${iframeHtml}\n</main></body></html>`);
    });
    await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
    hostOrigin = `http://127.0.0.1:${host.address().port}`;
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    host?.close();
  });

  it('discovers the oEmbed endpoint from the public poll page and gets an iframe', async () => {
    const page = await (await fetch(`${server.url}/p/${poll.id}`)).text();
    const href = /<link rel="alternate" type="application\/json\+oembed" href="([^"]+)"/.exec(page)?.[1]?.replaceAll('&#38;', '&');
    assert.ok(href, 'the poll page advertises oEmbed');
    const oembed = await (await fetch(href)).json();
    assert.equal(oembed.type, 'rich');
    iframeHtml = oembed.html;
    assert.match(iframeHtml, new RegExp(`^<iframe src="${server.url}/embed/${poll.id}"`));
    assert.doesNotMatch(iframeHtml, /<script/);
  });

  it('is refused as a frame on an origin the site does not allow', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(hostOrigin);
    const frame = page.frameLocator('iframe');
    // The browser blocks the framed page (frame-ancestors): no widget appears in it.
    await page.waitForTimeout(1000);
    assert.equal(await frame.locator('vote-poll').count(), 0);
    await context.close();
  });

  it('votes through the iframe once the origin is allowed, and reports its height to the page', async () => {
    await admin('PATCH', '/site', { allowedOrigins: [hostOrigin] });
    const context = await newContext(browser, { viewport: { width: 800, height: 900 } });
    const page = await context.newPage();
    const problems = watchProblems(page);
    // The test listens on the host page; the page itself runs no script.
    await page.addInitScript(() => {
      window.heights = [];
      window.addEventListener('message', (e) => e.data?.type === 'votewire:embed-height' && window.heights.push(e.data));
    });
    await page.goto(hostOrigin);
    assert.equal(await page.locator('script').count(), 0, 'no script of ours on the host page');
    const widget = page.frameLocator('iframe').locator('vote-poll');
    await assertText(widget, 'Which bench should the square get?');
    await widget.getByLabel('Stone').check();
    await widget.getByRole('button', { name: 'Vote', exact: true }).click();
    await assertText(widget, 'Thanks, your vote was counted.');
    await assertText(widget, /Stone\s*\(Your choice\)\s*100%/);
    await screenshot(page, 'iframe-embed-voted');

    const counted = await admin('GET', `/polls/${poll.id}`);
    assert.equal(counted.ballotCount, 1);
    const heights = await page.evaluate(() => window.heights);
    assert.ok(heights.length > 0, 'the frame posted its height');
    assert.equal(heights.at(-1).pollId, poll.id);
    assert.ok(heights.at(-1).height > 150, `a poll's height, got ${heights.at(-1).height}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
