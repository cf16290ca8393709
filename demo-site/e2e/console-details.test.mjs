// The console details a new user trips over: result bars against the total, choice limits of
// single-choice polls, the editor's preview (the real widget), the embed box, focus after
// Close/Reopen, and the API key list on a phone. Against the embedded default.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { consoleSuite, screenshot, signIn } from './support/harness.mjs';
import { assertText } from './support/text.mjs';

describe('admin console details', () => {
  const suite = consoleSuite({ before, after, afterEach });

  async function adminPage(viewport = { width: 1280, height: 900 }) {
    const { page } = await suite.newPage({ viewport, reducedMotion: 'reduce' });
    await signIn(page, suite.server.url, suite.server.adminKey);
    return page;
  }

  async function api(method, path, body, headers = {}) {
    const res = await fetch(`${suite.server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${suite.server.adminKey}`, 'Content-Type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  }

  /** A vote from a fresh voter, as a page on one of the server's own origins would send it. */
  async function vote(pollId, optionIds) {
    const headers = { 'Content-Type': 'application/json', Origin: suite.server.url };
    const { token } = await (
      await fetch(`${suite.server.url}/api/v1/voter-tokens`, { method: 'POST', headers, body: JSON.stringify({ pollId }) })
    ).json();
    const res = await fetch(`${suite.server.url}/api/v1/polls/${pollId}/votes`, {
      method: 'POST',
      headers: { ...headers, 'X-Voter-Token': token, 'Idempotency-Key': `console-${Math.random().toString(36).slice(2)}` },
      body: JSON.stringify({ optionIds }),
    });
    assert.equal(res.status, 201);
  }

  const openPoll = (page, poll) => page.goto(`${suite.server.url}/admin/#/polls/${poll.id}`);

  it('scales result bars to the total, not to the leader', async () => {
    const poll = await api('POST', '/polls', {
      question: 'Which market day?',
      options: [{ label: 'Friday' }, { label: 'Saturday' }, { label: 'Sunday' }],
    });
    await vote(poll.id, [poll.options[0].id]);
    await vote(poll.id, [poll.options[1].id]);
    const page = await adminPage();
    await openPoll(page, poll);
    await assertText(page.getByTestId('total-ballots'), /^2 ballots/);
    const widths = await page.locator('.bar-row').evaluateAll((rows) => rows.map((r) => r.querySelector('.bar-fill').style.width));
    assert.deepEqual(widths, ['50%', '50%', '0%'], 'two options at 50 % are half-full bars');
  });

  it('hides the choice limits of single-choice polls and previews the real widget without voting', async () => {
    const page = await adminPage();
    await page.getByRole('link', { name: 'New poll' }).click();
    assert.equal(await page.getByLabel('Voters must choose at least').isVisible(), false, 'no minimum for single choice');
    await page.getByLabel('Multiple choice').check();
    assert.equal(await page.getByLabel('Voters must choose at least').isVisible(), true);
    await page.getByLabel('Single choice').check();
    assert.equal(await page.getByLabel('Voters may choose at most').isVisible(), false);

    await page.getByLabel('Question', { exact: true }).fill('Where should the bus shelter go?');
    await page.getByLabel('Option 1', { exact: true }).fill('Library');
    await page.getByLabel('Option 2', { exact: true }).fill('Station');
    const widget = page.getByTestId('poll-preview').locator('vote-poll-preview');
    await assertText(widget, 'Where should the bus shelter go?');
    await assertText(widget, 'Choose one option.');
    await widget.getByLabel('Station').check();
    await widget.getByRole('button', { name: 'Vote', exact: true }).click();
    await assertText(widget, 'Thanks, your vote was counted.');
    await screenshot(page, 'console-preview');
    const polls = await api('GET', '/polls?limit=100');
    assert.ok(!polls.items.some((p) => p.question === 'Where should the bus shelter go?'), 'nothing was saved or sent');
  });

  it('offers script, iframe and npm snippets and names the origins to allow', async () => {
    await api('PATCH', '/site', { allowedOrigins: ['https://news.example.org'] });
    const poll = await api('POST', '/polls', { question: 'Embed me', options: [{ label: 'A' }, { label: 'B' }] });
    const page = await adminPage();
    await openPoll(page, poll);
    await assertText(page.locator('#embed-snippet'), `<vote-poll poll-id="${poll.id}"></vote-poll>`);
    await assertText(page.locator('#embed-iframe'), `<iframe src="${suite.server.url}/embed/${poll.id}"`);
    await assertText(page.locator('#embed-npm'), "import 'votewire/vote-poll.js';");
    await assertText(page.locator('#embed-npm'), `api-base="${suite.server.url}"`);
    await assertText(page.locator('#embed-npm'), "import { VotePoll } from 'votewire/react';");
    await assertText(page.getByTestId('embed-origins'), 'accepted only on pages of: https://news.example.org.');
    for (const name of ['Copy snippet', 'Copy iframe', 'Copy npm snippet'])
      assert.equal(await page.getByRole('button', { name }).count(), 1);
    await screenshot(page, 'console-embed-box');
  });

  it('moves focus to the new status after Close and Reopen', async () => {
    const poll = await api('POST', '/polls', { question: 'Focus after closing', options: [{ label: 'A' }, { label: 'B' }] });
    const page = await adminPage();
    await openPoll(page, poll);
    await page.getByRole('button', { name: 'Close poll' }).click();
    await assertText(page.getByTestId('toggle-done'), 'Poll closed: voting has stopped.');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'toggle-done');
    await page.getByRole('button', { name: 'Reopen poll' }).click();
    await assertText(page.getByTestId('toggle-done'), 'Poll open: voters can vote.');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'toggle-done');
  });

  it('labels the key list correctly at 360 px and clears a revoked secret', async () => {
    const page = await adminPage({ width: 360, height: 740 });
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('New key name').fill('Phone key');
    await page.getByRole('button', { name: 'Create key' }).click();
    await page.locator('#new-key-secret').waitFor();
    const row = page.getByRole('row', { name: /Phone key/ });
    const labels = await row
      .locator('td')
      .evaluateAll((cells) =>
        cells.map((c) => `${window.getComputedStyle(c, '::before').content.replace(/^"|"$/g, '')}${c.textContent.trim()}`),
      );
    assert.ok(labels.includes('Status: Active'), labels.join(' | '));
    assert.ok(!labels.some((l) => /Status: Revoke/.test(l)), labels.join(' | '));
    await screenshot(page, 'console-phone-keys');

    await page.getByRole('button', { name: 'Revoke key Phone key' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await assertText(page.getByRole('row', { name: /Phone key/ }), /Revoked/);
    assert.equal(await page.locator('#new-key-secret').count(), 0, 'the revoked secret is gone');
    assert.equal(await page.getByRole('button', { name: 'Copy key' }).count(), 0);
  });
});
