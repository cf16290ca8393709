// The product end to end on the distributed stack (build.sh: nginx in front of three backends, MariaDB
// primary and replicas, Redis for Socket.IO): an editor creates a poll in the console through nginx,
// two readers whose sockets sit on different backends see each other's votes live, a ranked poll
// is voted with the keyboard alone, a closed poll shows final results only, and a page on an origin
// the site does not allow is told it cannot vote. Needs `npm run build` first; takes a minute.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it as test } from 'node:test';
import { socketConnections, startStack } from './support/cluster-stack.mjs';
import { launchBrowser, newContext, screenshot, signIn, watchProblems } from './support/harness.mjs';
import { createPollInConsole } from './support/console.mjs';
import { assertText } from './support/text.mjs';

const QUESTION = 'Which harbour crossing should the council fund first?';
const OPTIONS = ['North Pier ferry', 'Swing bridge', 'Tunnel under the basin'];
const RANKED = ['Harbour Loop', 'University Spur', 'Old Rail Corridor'];
/** The promise to readers: a vote shows up for them on other instances within a second. */
const LIVE_BUDGET_MS = 1000;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

describe('cluster: nginx, three backends, replicas and Redis', () => {
  let stack;
  let browser;
  let admin;
  let pollId;
  let snippet;
  /** Two readers of the new poll on nginx's gallery; `backend` is where each one's socket lives. */
  const readers = [];
  let foreignSite; // a page on an origin the site does not allow
  const problems = [];
  const timings = {};
  let failed = false;

  /** Steps build on each other: after one fails, the rest are skipped rather than time out. */
  const it = (name, fn) =>
    test(name, async (t) => {
      if (failed) return t.skip('an earlier step failed');
      const started = Date.now();
      try {
        await fn(t);
      } catch (err) {
        failed = true;
        const pages = { admin, readerA: readers[0]?.page, readerB: readers[1]?.page };
        for (const [who, page] of Object.entries(pages)) {
          if (page && !page.isClosed()) await screenshot(page, `cluster-failure-${who}`).catch(() => {});
        }
        throw err;
      } finally {
        t.diagnostic(`${Date.now() - started} ms`);
      }
    });

  function api(path, init = {}) {
    return fetch(`${stack.url}/api/v1${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${stack.adminKey}`, 'Content-Type': 'application/json', ...init.headers },
    });
  }

  /** Waits until one backend holds one more socket than in `before`, and names it. */
  async function newSocketBackend(beforeCounts, what) {
    const deadline = Date.now() + 20_000;
    let counts;
    for (;;) {
      counts = await socketConnections(stack);
      const grown = Object.keys(counts).filter((id) => counts[id] > beforeCounts[id]);
      if (grown.length === 1) return grown[0];
      if (Date.now() > deadline)
        assert.fail(`${what}: no single new socket; before ${JSON.stringify(beforeCounts)}, now ${JSON.stringify(counts)}`);
      await sleep(100);
    }
  }

  async function waitForCounts(expected) {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const counts = await socketConnections(stack);
      if (JSON.stringify(counts) === JSON.stringify(expected)) return;
      if (Date.now() > deadline) assert.fail(`socket counts ${JSON.stringify(counts)}, expected ${JSON.stringify(expected)}`);
      await sleep(100);
    }
  }

  /** A reader on nginx's gallery page, which embeds the poll ids in its query, with its socket open. */
  async function openReader(name) {
    const context = await newContext(browser, { viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    problems.push(watchProblems(page));
    const votes = [];
    page.on('response', (res) => {
      if (res.request().method() === 'POST' && /\/votes$/.test(new URL(res.url()).pathname)) {
        votes.push({ status: res.status(), servedBy: res.headers()['x-served-by'] });
      }
    });
    // The websocket handshake's headers, which page.on('response') does not see.
    const handshakes = [];
    const cdp = await context.newCDPSession(page);
    cdp.on('Network.webSocketHandshakeResponseReceived', ({ response }) => {
      const servedBy = Object.entries(response.headers).find(([k]) => k.toLowerCase() === 'x-served-by');
      handshakes.push({ status: response.status, servedBy: servedBy?.[1] ?? null });
    });
    await cdp.send('Network.enable');
    const beforeCounts = await socketConnections(stack);
    await page.goto(`${stack.url}/gallery.html?polls=${pollId}`);
    const widget = page.locator(`vote-poll[poll-id="${pollId}"]`);
    await widget.getByRole('heading', { name: QUESTION }).waitFor();
    // The widget goes live only once it is on screen.
    await widget.scrollIntoViewIfNeeded();
    const backend = await newSocketBackend(beforeCounts, name);
    assert.equal(handshakes.at(-1)?.status, 101, `${name}: one websocket upgrade: ${JSON.stringify(handshakes)}`);
    // Where a handshake names its backend, it must be the one whose socket count grew.
    const named = handshakes.at(-1).servedBy;
    if (named) assert.equal(named, backend, `${name}: X-Served-By of the handshake`);
    return { name, context, page, widget, votes, backend, handshakeServedBy: named };
  }

  /**
   * Starts watching `reader`'s widget for text matching `pattern`; resolves with the page's clock
   * (Date.now(), the same clock as every other page here) when it first appears.
   */
  async function watchFor(reader, pattern) {
    await reader.widget.evaluate((el, source) => {
      const re = new RegExp(source);
      const text = () => {
        let out = '';
        const walk = (node) => {
          if (node.nodeType === 3) out += node.data;
          if (node.shadowRoot) walk(node.shadowRoot);
          for (const child of node.childNodes) walk(child);
        };
        walk(el);
        return out.replace(/\s+/g, ' ');
      };
      window.__seenAt = null;
      const check = () => {
        if (window.__seenAt === null && re.test(text())) window.__seenAt = Date.now();
      };
      new window.MutationObserver(check).observe(el.shadowRoot, { subtree: true, childList: true, characterData: true });
      check();
    }, pattern.source);
    return async () => {
      await reader.page.waitForFunction(() => window.__seenAt !== null, undefined, { timeout: 20_000 });
      return reader.page.evaluate(() => window.__seenAt);
    };
  }

  /** `voter` votes for `label`; returns the live delay to `watcher` and the backends involved. */
  async function voteAndWatch(voter, watcher, label, expected) {
    const seen = await watchFor(watcher, expected);
    await voter.page.evaluate(() => {
      window.__castAt = null;
      document.addEventListener('vote-cast', () => (window.__castAt = Date.now()), { once: true });
    });
    await voter.widget.getByRole('radio', { name: label }).check();
    const clickedAt = Date.now();
    await voter.widget.getByRole('button', { name: 'Vote', exact: true }).click();
    await assertText(voter.widget, /Thanks, your vote was counted/);
    await voter.page.waitForFunction(() => window.__castAt !== null);
    const castAt = await voter.page.evaluate(() => window.__castAt);
    const seenAt = await seen();
    const vote = voter.votes.at(-1);
    assert.equal(vote?.status, 201, `the vote was accepted: ${JSON.stringify(voter.votes)}`);
    return {
      fromClickMs: seenAt - clickedAt,
      fromCastMs: seenAt - castAt,
      voteServedBy: vote.servedBy,
      watcherSocket: watcher.backend,
    };
  }

  before(async () => {
    stack = await startStack();
    timings.stackStartMs = stack.startMs;
    browser = await launchBrowser();
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    admin = await context.newPage();
    problems.push(watchProblems(admin));
  });

  after(async () => {
    await browser?.close().catch(() => {});
    foreignSite?.close();
    // Always stop the stack; keep its logs when a step failed.
    await stack?.stop({ keep: failed });
    if (failed && stack) console.log(`# stack logs kept in ${stack.dir}/stack/logs`);
    console.log(`# timings: ${JSON.stringify(timings)}`);
  });

  it('creates a poll in the console through nginx and gives a snippet for nginx', async () => {
    await signIn(admin, stack.url, stack.adminKey);
    await admin.getByRole('link', { name: /riverside tram/ }).waitFor();
    pollId = await createPollInConsole(admin, { question: QUESTION, options: OPTIONS, shot: 'cluster-console-new-poll' });

    snippet = (await admin.locator('#embed-snippet').textContent()) ?? '';
    assert.equal(
      snippet,
      `<script type="module" src="${stack.url}/sdk/vote-poll.js"></script>\n<vote-poll poll-id="${pollId}"></vote-poll>`,
    );
    // The poll is on the primary; the public API (which reads a replica) has it too.
    const res = await fetch(`${stack.url}/api/v1/polls/${pollId}`);
    assert.equal(res.status, 200);
    assert.equal((await res.json()).question, QUESTION);
  });

  it('shows a vote to a reader on another backend within a second, both ways', async (t) => {
    readers.push(await openReader('reader A'));
    // least_conn sends the next websocket elsewhere; should it not, open the second reader again.
    for (let attempt = 1; ; attempt++) {
      const reader = await openReader('reader B');
      if (reader.backend !== readers[0].backend) {
        readers.push(reader);
        break;
      }
      const withoutIt = await socketConnections(stack);
      withoutIt[reader.backend] -= 1;
      await reader.context.close();
      await waitForCounts(withoutIt);
      assert.ok(attempt < 5, `reader B's socket landed on ${reader.backend}, like reader A's, ${attempt} times`);
    }
    const [a, b] = readers;
    t.diagnostic(
      `sockets (from each backend's votewire_socket_connections): reader A on ${a.backend}, reader B on ${b.backend}; ` +
        `X-Served-By on the websocket handshakes: ${a.handshakeServedBy ?? 'none'}, ${b.handshakeServedBy ?? 'none'}`,
    );

    await b.widget.getByRole('button', { name: 'See results' }).click();
    await assertText(b.widget, /\b0 voters\b/);
    const ab = await voteAndWatch(a, b, OPTIONS[1], /\b1 voter\b/);
    await assertText(a.widget, /\b1 voter\b/);
    await screenshot(a.page, 'cluster-reader-a-voted');
    await screenshot(b.page, 'cluster-reader-b-live');

    await b.widget.getByRole('button', { name: 'Back to voting' }).click();
    const ba = await voteAndWatch(b, a, OPTIONS[2], /\b2 voters\b/);
    await assertText(b.widget, /\b2 voters\b/);
    await assertText(admin.getByTestId('total-ballots'), /^2 ballots\b/);
    await admin.locator('.notice.is-visible').waitFor({ state: 'hidden' });
    await screenshot(admin, 'cluster-console-poll-live');

    timings.liveAtoB = ab;
    timings.liveBtoA = ba;
    for (const [what, m] of [
      ['A → B', ab],
      ['B → A', ba],
    ]) {
      const line = `live ${what}: vote taken by ${m.voteServedBy}, watcher's socket on ${m.watcherSocket}; shown ${m.fromClickMs} ms after the click, ${m.fromCastMs} ms after the voter's page had the vote's answer`;
      t.diagnostic(line);
      console.log(`# ${line}`);
      // From the click: what a reader perceives, including the vote's own round trip (an upper bound).
      assert.ok(m.fromClickMs <= LIVE_BUDGET_MS, `${what}: ${m.fromClickMs} ms after the click > ${LIVE_BUDGET_MS} ms`);
    }
    // nginx chooses where the clicks' votes go, so each may land on the watcher's own backend. One
    // more vote, sent straight to a backend that holds neither reader's socket, must reach both
    // widgets through Redis.
    const other = stack.backends.find(({ id }) => id !== a.backend && id !== b.backend);
    const seenByA = await watchFor(a, /\b3 voters\b/);
    const poll = await (await fetch(`${stack.url}/api/v1/polls/${pollId}`)).json();
    const minted = await fetch(`${other.url}/api/v1/voter-tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ pollId }),
    });
    const { token } = await minted.json();
    const sentAt = Date.now();
    const direct = await fetch(`${other.url}/api/v1/polls/${pollId}/votes`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Voter-Token': token, 'Idempotency-Key': `e2e-${sentAt}` },
      body: JSON.stringify({ optionIds: [poll.options[0].id] }),
    });
    assert.equal(direct.status, 201);
    assert.equal(direct.headers.get('x-served-by'), other.id);
    const viaRedisMs = (await seenByA()) - sentAt;
    const line = `live via Redis: vote taken by ${other.id}, shown on ${a.backend}'s socket ${viaRedisMs} ms after it was sent`;
    t.diagnostic(line);
    console.log(`# ${line}`);
    assert.ok(viaRedisMs <= LIVE_BUDGET_MS, `via Redis: ${viaRedisMs} ms > ${LIVE_BUDGET_MS} ms`);
    await assertText(b.widget, /\b3 voters\b/);
  });

  it('refuses votes from a page on an origin the site does not allow, and says so', async () => {
    // The site owner's snippet, pasted on a page the site never listed, talking to nginx.
    const page = snippet.replace('<vote-poll ', `<vote-poll api-base="${stack.url}" `);
    foreignSite = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Copied poll</title></head>
<body><main><h1>Somebody else's page</h1>\n${page}\n</main></body></html>`);
    });
    await new Promise((resolve) => foreignSite.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${foreignSite.address().port}`;

    const context = await newContext(browser, { viewport: { width: 900, height: 700 }, reducedMotion: 'reduce' });
    const foreign = await context.newPage();
    const refused = [];
    foreign.on('response', (res) => {
      if (res.request().method() === 'POST' && /\/votes$/.test(new URL(res.url()).pathname)) refused.push(res.status());
    });
    await foreign.goto(`${origin}/`);
    const widget = foreign.locator('vote-poll');
    await widget.getByRole('heading', { name: QUESTION }).waitFor();
    // The poll read through nginx tells the widget that this page's origin may not vote: it shows
    // the reason instead of a ballot, and sends no vote.
    await assertText(widget.locator('[part~=status]'), 'This website may not collect votes for this poll.');
    assert.equal(await widget.getByRole('radio', { name: OPTIONS[0] }).count(), 0, 'no ballot on a refused origin');
    assert.doesNotMatch(await widget.evaluate((el) => el.shadowRoot.textContent), /Thanks, your vote was counted/);
    await screenshot(foreign, 'cluster-foreign-origin');
    assert.deepEqual(refused, [], 'no vote was sent');
    const results = await (await api(`/polls/${pollId}/results`)).json();
    assert.equal(results.totalBallots, 3, 'nothing was counted from that origin');
  });

  it('votes in a ranked poll with the keyboard alone', async () => {
    const created = await api('/polls', {
      method: 'POST',
      body: JSON.stringify({
        question: 'Rank the routes for the new east–west line',
        type: 'ranked',
        status: 'open',
        resultsVisibility: 'always',
        options: RANKED.map((label) => ({ label })),
      }),
    });
    assert.equal(created.status, 201);
    const ranked = await created.json();
    const [loop, spur, rail] = ranked.options.map((o) => o.id);

    const context = await newContext(browser, { viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    problems.push(watchProblems(page));
    await page.goto(`${stack.url}/gallery.html?polls=${ranked.id}`);
    const widget = page.locator(`vote-poll[poll-id="${ranked.id}"]`);
    await widget.getByRole('button', { name: `Move ${RANKED[2]} up` }).waitFor();

    /** The focused element, looking through shadow roots, and the poll it belongs to. */
    const focused = () =>
      page.evaluate(() => {
        let el = document.activeElement;
        const pollId = el?.closest('vote-poll')?.getAttribute('poll-id') ?? null;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        return { pollId, label: el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '', part: el?.getAttribute('part') ?? '' };
      });
    const tabTo = async (want, what) => {
      for (let i = 0; i < 150; i++) {
        await page.keyboard.press('Tab');
        const f = await focused();
        if (f.pollId === ranked.id && want(f)) return;
      }
      assert.fail(`Tab never reached ${what}`);
    };

    // From the top of the page: Tab to "Move Old Rail Corridor up", Enter twice puts it first.
    await tabTo((f) => f.label === `Move ${RANKED[2]} up`, `Move ${RANKED[2]} up`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const order = () => widget.evaluate((el) => [...el.shadowRoot.querySelectorAll('li[data-id]')].map((li) => Number(li.dataset.id)));
    const deadline = Date.now() + 5000;
    while (JSON.stringify(await order()) !== JSON.stringify([rail, loop, spur]) && Date.now() < deadline) await sleep(50);
    assert.deepEqual(await order(), [rail, loop, spur]);
    // Focus followed the option to the top, where only "down" is left.
    assert.equal((await focused()).label, `Move ${RANKED[2]} down`);
    await screenshot(page, 'cluster-ranked-keyboard');

    await tabTo((f) => f.part.split(' ').includes('submit'), 'the Vote button');
    await page.keyboard.press('Enter');
    await assertText(widget, /Thanks, your vote was counted/);
    await assertText(widget, `Winner: ${RANKED[2]}`);
    await screenshot(page, 'cluster-ranked-voted');

    // Rounds are counted apart, at most once a second: a read may trail the vote by that much.
    let results = await (await api(`/polls/${ranked.id}/results`)).json();
    for (const end = Date.now() + 10_000; results.roundsVersion !== results.version && Date.now() < end; await sleep(100)) {
      results = await (await api(`/polls/${ranked.id}/results`)).json();
    }
    assert.equal(results.totalBallots, 1);
    assert.deepEqual(results.rounds[0].winnerIds, [rail], JSON.stringify(results));
    const csv = await (await api(`/polls/${ranked.id}/ballots.csv`)).text();
    const ballot = csv.trim().split(/\r?\n/)[1] ?? '';
    const at = (label) => ballot.indexOf(label);
    assert.ok(at(RANKED[2]) >= 0 && at(RANKED[2]) < at(RANKED[0]) && at(RANKED[0]) < at(RANKED[1]), `the ballot keeps the order: ${csv}`);
  });

  it('closes the poll: every reader, on every backend, sees final results and no vote controls', async () => {
    await admin.getByRole('button', { name: 'Close poll' }).click();
    await admin.getByRole('button', { name: 'Reopen poll' }).waitFor();
    await assertText(admin.locator('.title-badge'), 'Closed');
    await screenshot(admin, 'cluster-console-poll-closed');

    for (const reader of readers) {
      await assertText(reader.widget, /This poll is closed/);
      await assertText(reader.widget, /Final results/);
      await assertText(reader.widget, /\b3 voters\b/);
      assert.equal(await reader.widget.getByRole('radio').count(), 0, reader.name);
      assert.equal(await reader.widget.getByRole('button', { name: 'Vote', exact: true }).count(), 0, reader.name);
    }
    await screenshot(readers[1].page, 'cluster-closed');

    // A reader arriving now (served from a replica) sees the same.
    const context = await newContext(browser, { viewport: { width: 900, height: 800 } });
    const late = await context.newPage();
    await late.goto(`${stack.url}/gallery.html?polls=${pollId}`);
    const widget = late.locator(`vote-poll[poll-id="${pollId}"]`);
    await assertText(widget, /Final results/);
    assert.equal(await widget.getByRole('radio').count(), 0);
    assert.equal(await widget.getByRole('button', { name: 'Vote', exact: true }).count(), 0);
  });

  it('serves the demo article and console screens through nginx without page errors', async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    problems.push(watchProblems(page));
    await page.goto(`${stack.url}/`);
    await page.getByRole('heading', { level: 1, name: /Night trams/ }).waitFor();
    for (const id of ['demo-single', 'demo-multiple', 'demo-ranked']) {
      await page.locator(`vote-poll[poll-id="${id}"]`).getByRole('heading', { level: 2 }).waitFor();
    }
    await screenshot(page, 'cluster-article', { fullPage: true });
    // The README's picture: a paragraph of the story with the first poll in it (as the embedded suite frames it).
    await page.locator('vote-poll[poll-id="demo-single"]').evaluate((el) => {
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 330);
    });
    await screenshot(page, 'cluster-article-poll');

    await admin.getByRole('link', { name: 'Polls', exact: true }).click();
    await admin.getByRole('link', { name: QUESTION }).waitFor();
    await screenshot(admin, 'cluster-console-polls');
    assert.deepEqual(problems.flat(), [], 'no page errors or CSP violations');
  });
});
