// The admin console beyond the main flow: keyboard use, API data shown as text, API keys,
// site settings, validation messages and a phone-sized screen. Against the embedded default.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { launchBrowser, newContext, screenshot, signIn, startBackend, watchProblems } from './support/harness.mjs';
import { assertText } from './support/text.mjs';

describe('admin console', () => {
  let server;
  let browser;

  before(async () => {
    server = await startBackend();
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function adminPage(viewport = { width: 1280, height: 900 }) {
    const context = await newContext(browser, { viewport });
    const page = await context.newPage();
    return { page, problems: watchProblems(page) };
  }

  function api(path, init = {}, key = server.adminKey) {
    return fetch(`${server.url}/api/v1${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...init.headers },
    });
  }

  it('signs in and moves between sections with the keyboard alone', async () => {
    const { page, problems } = await adminPage();
    await page.goto(`${server.url}/admin/`);
    // The key field has focus on arrival; Enter submits.
    await page.keyboard.type(server.adminKey);
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
    await signIn(page, server.url, server.adminKey);
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
    await signIn(page, server.url, server.adminKey);
    await page.getByRole('link', { name: 'New poll' }).click();
    await page.getByLabel('Option 1', { exact: true }).fill('Only one option');
    await page.getByRole('button', { name: 'Create poll' }).click();
    const alert = page.getByRole('alert');
    await assertText(alert, 'Write a question.');
    await assertText(alert, 'Give at least two options.');
    assert.equal(await page.getByLabel('Question').getAttribute('aria-invalid'), 'true');
    // Focus goes to the first field to fix.
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'poll-question');
  });

  it('creates an API key shown once, signs in with it, and revokes it', async () => {
    const { page } = await adminPage();
    await signIn(page, server.url, server.adminKey);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('New key name').fill('Newsroom CMS');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.locator('#new-key-secret').textContent())?.trim() ?? '';
    assert.ok(secret.length > 20, `a secret is shown: ${secret}`);
    await page.getByRole('row', { name: /Newsroom CMS/ }).waitFor();
    await screenshot(page, 'console-api-keys');

    const other = await adminPage();
    await signIn(other.page, server.url, secret);

    await page.getByRole('button', { name: 'Revoke key Newsroom CMS' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await assertText(page.getByRole('row', { name: /Newsroom CMS/ }), /Revoked/);
    // The revoked key no longer opens the console.
    await other.page.goto(`${server.url}/admin/`);
    await other.page.getByLabel('API key').fill(secret);
    await other.page.getByRole('button', { name: 'Sign in' }).click();
    await assertText(other.page.getByRole('alert'), /not accepted/);
  });

  it('rejects an allowed origin that is not an origin', async () => {
    const { page } = await adminPage();
    await signIn(page, server.url, server.adminKey);
    await page.getByRole('link', { name: 'Site', exact: true }).click();
    await page.getByLabel('Allowed origins').fill('https://news.example.com/politics');
    await page.getByRole('button', { name: 'Save' }).click();
    await assertText(page.getByRole('alert'), /is not an origin/);
    const site = await (await api('/site')).json();
    assert.ok(!site.allowedOrigins.includes('https://news.example.com/politics'), 'nothing was saved');
  });

  it('fits a phone-sized screen', async () => {
    const { page, problems } = await adminPage({ width: 375, height: 740 });
    await signIn(page, server.url, server.adminKey);
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
