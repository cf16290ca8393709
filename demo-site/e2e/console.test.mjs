// The admin console beyond the main flow: keyboard use, API data shown as text, API keys,
// site settings, validation messages and a phone-sized screen. Against the embedded default.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { consoleSuite, screenshot, signIn } from './support/harness.mjs';
import { assertText } from './support/text.mjs';

describe('admin console', () => {
  const suite = consoleSuite({ before, after, afterEach });

  const adminPage = (viewport = { width: 1280, height: 900 }) => suite.newPage({ viewport });

  function api(path, init = {}, key = suite.server.adminKey) {
    return fetch(`${suite.server.url}/api/v1${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers },
    });
  }

  it('signs in and moves between sections with the keyboard alone', async () => {
    const { page, problems } = await adminPage();
    await page.goto(`${suite.server.url}/admin/`);
    // The key field has focus on arrival; Enter submits.
    await page.keyboard.type(suite.server.adminKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Polls' }).waitFor();
    // Focus moves to the new screen's heading, so the next Tab starts from there.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');

    await page.getByRole('link', { name: 'API keys' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'API keys' }).getAttribute('aria-current'), 'page');
    assert.deepEqual(problems, []);
  });

  it('shows poll text from the API as text, never as markup', async () => {
    const question = '<img src=x onerror="window.__pwned=1"><b>Bold</b> question?';
    const label = '<script>window.__pwned=2</script>Option';
    const res = await api('/polls', {
      method: 'POST',
      body: JSON.stringify({ question, type: 'single', status: 'open', options: [{ label }, { label: 'Plain' }] }),
    });
    assert.equal(res.status, 201);
    const poll = await res.json();

    const { page } = await adminPage();
    await signIn(page, suite.server.url, suite.server.adminKey);
    await page.getByRole('link', { name: question }).waitFor();
    await page.getByRole('link', { name: question }).click();
    const title = page.getByRole('heading', { level: 1 });
    await assertText(title, question);
    assert.equal(await page.locator('main b, main img[src="x"], main script').count(), 0);
    await assertText(page.locator('li.bar-row').first(), label);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.match(page.url(), new RegExp(`#/polls/${poll.id}$`));
  });

  it('reports what is wrong with a poll before sending it', async () => {
    const { page } = await adminPage();
    await signIn(page, suite.server.url, suite.server.adminKey);
    await page.getByRole('link', { name: 'New poll' }).click();
    await page.getByLabel('Option 1', { exact: true }).fill('Only one option');
    await page.getByRole('button', { name: 'Create poll' }).click();
    const alert = page.getByRole('alert');
    await assertText(alert, 'Write a question.');
    await assertText(alert, 'Give at least two options.');
    assert.equal(await page.getByLabel('Question', { exact: true }).getAttribute('aria-invalid'), 'true');
    // Focus goes to the first field to fix.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'poll-question');
  });

  it('creates an API key shown once, signs in with it, and revokes it', async () => {
    const { page } = await adminPage();
    await signIn(page, suite.server.url, suite.server.adminKey);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('New key name').fill('Newsroom CMS');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.locator('#new-key-secret').textContent())?.trim() ?? '';
    assert.ok(secret.length > 20, `a secret is shown: ${secret}`);
    await page.getByRole('row', { name: /Newsroom CMS/ }).waitFor();
    await screenshot(page, 'console-api-keys');

    const other = await adminPage();
    await signIn(other.page, suite.server.url, secret);

    await page.getByRole('button', { name: 'Revoke key Newsroom CMS' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await assertText(page.getByRole('row', { name: /Newsroom CMS/ }), /Revoked/);
    // The revoked key no longer opens the console.
    await other.page.goto(`${suite.server.url}/admin/`);
    await other.page.getByLabel('API key').fill(secret);
    await other.page.getByRole('button', { name: 'Sign in' }).click();
    await assertText(other.page.getByRole('alert'), /not accepted/);
  });

  it('rejects an allowed origin that is not an origin', async () => {
    const { page } = await adminPage();
    await signIn(page, suite.server.url, suite.server.adminKey);
    await page.getByRole('link', { name: 'Site', exact: true }).click();
    await page.getByLabel('Allowed origins').fill('https://news.example.com/politics');
    await page.getByRole('button', { name: 'Save' }).click();
    await assertText(page.getByRole('alert'), /is not an origin/);
    const site = await (await api('/site')).json();
    assert.ok(!site.allowedOrigins.includes('https://news.example.com/politics'), 'nothing was saved');
  });

  it('creates a ranked poll with every setting, and the API stores exactly those', async () => {
    const { page } = await adminPage();
    await signIn(page, suite.server.url, suite.server.adminKey);
    await page.getByRole('link', { name: 'New poll' }).click();
    await page.getByLabel('Question', { exact: true }).fill('Rank the proposed names for the new ferry');
    await page.getByLabel('Description (optional)').fill('Top three count.');
    await page.getByLabel('Ranked choice').check();
    const names = ['Alder Star', 'Harbour Belle', 'Quayside', 'Northern Light'];
    await page.getByLabel('Option 1', { exact: true }).fill(names[0]);
    await page.getByLabel('Option 2', { exact: true }).fill(names[1]);
    for (const [i, name] of names.slice(2).entries()) {
      await page.getByRole('button', { name: 'Add option' }).click();
      await page.getByLabel(`Option ${i + 3}`, { exact: true }).fill(name);
    }
    await page.getByLabel('Image URL (optional)').first().fill('https://images.example.com/alder-star.jpg');
    // Reorder: the last option moves up one place.
    await page.getByRole('button', { name: 'Move option up' }).last().click();
    await page.getByLabel('Voters must rank at least').fill('1');
    await page.getByLabel('Voters may rank at most').fill('3');
    await page.getByLabel('Show results').selectOption('hidden');
    await page.getByLabel('Voters may change their vote').uncheck();
    await page.getByLabel('Status').selectOption('draft');
    await page.getByLabel('Closes at (optional)').fill('2031-05-01T18:30');
    await assertText(page.getByTestId('poll-preview'), 'Only your top 3 count.');
    await assertText(page.getByTestId('poll-preview'), /Alder Star.*Harbour Belle.*Northern Light.*Quayside/);
    await page.getByRole('button', { name: 'Create poll' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rank the proposed names for the new ferry' }).waitFor();
    const id = decodeURIComponent(new URL(page.url()).hash.split('/')[2]);

    const poll = await (await api(`/polls/${id}`)).json();
    assert.equal(poll.type, 'ranked');
    assert.equal(poll.description, 'Top three count.');
    assert.equal(poll.minChoices, 1);
    assert.equal(poll.maxChoices, 3);
    assert.equal(poll.resultsVisibility, 'hidden');
    assert.equal(poll.allowVoteChange, false);
    assert.equal(poll.status, 'draft');
    assert.equal(new Date(poll.closesAt).toISOString(), new Date('2031-05-01T18:30').toISOString());
    const sorted = [...poll.options].sort((a, b) => a.position - b.position);
    assert.deepEqual(
      sorted.map((o) => o.label),
      ['Alder Star', 'Harbour Belle', 'Northern Light', 'Quayside'],
    );
    assert.equal(sorted[0].imageUrl, 'https://images.example.com/alder-star.jpg');
    // Hidden results still reach the console: it reads them with the key.
    await assertText(page.getByTestId('total-ballots'), /^0 ballots/);
    await assertText(page.locator('.live-mode'), /Live/);
  });

  it('edits a poll and opens it', async () => {
    const { page } = await adminPage();
    await signIn(page, suite.server.url, suite.server.adminKey);
    await page.getByRole('link', { name: 'Rank the proposed names for the new ferry' }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Question', { exact: true }).fill('Rank the shortlisted names for the new ferry');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rank the shortlisted names for the new ferry' }).waitFor();
    await page.getByRole('button', { name: 'Open poll' }).click();
    await page.getByRole('button', { name: 'Close poll' }).waitFor();
    await assertText(page.locator('.title-badge'), 'Open');
  });

  it('locks the options of a poll that has votes but still edits its text', async () => {
    const headers = { 'Content-Type': 'application/json', Origin: suite.server.url };
    const tokenRes = await fetch(`${suite.server.url}/api/v1/voter-tokens`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ pollId: 'demo-multiple' }),
    });
    assert.equal(tokenRes.status, 201);
    const { token } = await tokenRes.json();
    const poll = await (await api('/polls/demo-multiple')).json();
    const vote = await fetch(`${suite.server.url}/api/v1/polls/demo-multiple/votes`, {
      method: 'POST',
      headers: { ...headers, 'X-Voter-Token': token, 'Idempotency-Key': 'e2e-console-frozen-1' },
      body: JSON.stringify({ optionIds: [poll.options[0].id, poll.options[2].id] }),
    });
    assert.equal(vote.status, 201);

    const { page } = await adminPage();
    await signIn(page, suite.server.url, suite.server.adminKey);
    await page.goto(`${suite.server.url}/admin/#/polls/demo-multiple/edit`);
    await assertText(page.locator('main'), 'This poll already has votes');
    assert.equal(await page.getByLabel('Option 1', { exact: true }).isDisabled(), true);
    assert.equal(await page.getByRole('button', { name: 'Add option' }).count(), 0);
    await page.getByLabel('Question', { exact: true }).fill('Which improvements would get you on the tram more often?');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Which improvements would get you on the tram more often?' }).waitFor();
    await assertText(page.getByTestId('total-ballots'), /^1 ballot\b/);
  });

  it('fits a phone-sized screen', async () => {
    const { page, problems } = await adminPage({ width: 375, height: 740 });
    await signIn(page, suite.server.url, suite.server.adminKey);
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    assert.ok(await fits(), 'poll list has no sideways scroll');
    await screenshot(page, 'console-phone-polls');
    await page.getByRole('link', { name: /riverside tram/ }).click();
    await page.getByRole('heading', { level: 1, name: /riverside tram/ }).waitFor();
    await page.getByTestId('total-ballots').waitFor();
    assert.ok(await fits(), 'poll page has no sideways scroll');
    await screenshot(page, 'console-phone-poll');
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit poll' }).waitFor();
    assert.ok(await fits(), 'editor has no sideways scroll');
    assert.deepEqual(problems, []);
  });
});
