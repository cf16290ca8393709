// The console's Webhooks page against a real backend and a real receiver: add an endpoint (its
// secret shown once), a test event that arrives signed with that secret (checked with the Standard
// Webhooks library, not our code), a failed delivery redelivered once the receiver is fixed, the
// endpoint's settings, rotation, disabling and deletion, and the page on a phone.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { backendTestSupport, consoleSuite, screenshot, signIn } from './support/harness.mjs';
import { assertText } from './support/text.mjs';

// The backend suites' receiver: it verifies every delivery with `standardwebhooks` under
// `receiver.secret` (answering 400 when that fails) and answers what `respond` says.
const { WebhookReceiver } = backendTestSupport('webhook-receiver.ts');
const answer = (status) => () => ({ status });

describe('admin console: webhooks', () => {
  // The receiver is on loopback over http: allowed only with the development flag.
  const suite = consoleSuite({ before, after, afterEach }, { VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE: 'true' });
  let receiver;
  before(async () => {
    receiver = await new WebhookReceiver().start();
  });
  after(() => receiver?.close());
  afterEach(() => {
    receiver.respond = answer(200);
  });

  async function api(method, path, body) {
    const res = await fetch(`${suite.server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${suite.server.adminKey}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status}`);
    return res.status === 204 ? null : res.json();
  }

  async function adminPage(viewport = { width: 1280, height: 900 }) {
    const { page } = await suite.newPage({ viewport, reducedMotion: 'reduce' });
    await signIn(page, suite.server.url, suite.server.adminKey);
    return page;
  }

  const openEndpoint = (page, id) => page.goto(`${suite.server.url}/admin/#/webhooks/${id}`);
  const deliveryRow = (page, name) => page.locator('table.deliveries tbody tr').filter({ hasText: name });
  /** The deliveries' cell under `label` ("Status", "Attempts", …) in the first row that has `name`. */
  const cell = (page, name, label) => deliveryRow(page, name).first().locator(`td[data-label="${label}"]`);
  /** The first delivery of a test event to endpoint `id` that `also` accepts. */
  const testEvent = (id, what, also = () => true) =>
    receiver.waitFor(what, () =>
      receiver.received.find((r) => r.payload?.type === 'webhook.test' && r.payload.data.webhookId === id && also(r)),
    );

  it('adds an endpoint, shows its secret once, and a test event arrives signed with it', async () => {
    const { page } = await suite.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.url });
    await signIn(page, suite.server.url, suite.server.adminKey);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current'), 'page');
    await assertText(page.locator('main'), 'No endpoints yet.');

    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByLabel('poll.results').check();
    await page.getByLabel('Description (optional)').fill('Newsroom archive');
    // Each event says what it is for.
    await assertText(page.locator('fieldset'), 'at most one per poll every 10 seconds');
    await page.getByRole('button', { name: 'Add endpoint' }).click();

    const shown = page.locator('#new-webhook-secret');
    await shown.waitFor();
    const secret = (await shown.textContent()).trim();
    assert.match(secret, /^whsec_[A-Za-z0-9+/=]{20,}$/);
    await assertText(page.locator('main'), 'it will not be shown again');
    assert.equal(await page.evaluate(() => document.activeElement?.contains(document.getElementById('new-webhook-secret'))), true);
    await page.getByRole('button', { name: 'Copy secret' }).click();
    await assertText(page.locator('main'), 'Copied.');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), secret);

    const row = page.getByRole('row', { name: new RegExp(receiver.url) });
    await assertText(row, 'poll.closed, poll.results');
    await assertText(row, 'Newsroom archive');
    await assertText(row, 'Active');
    const [endpoint] = (await api('GET', '/webhooks')).items;
    assert.equal(endpoint.url, receiver.url);
    assert.deepEqual([...endpoint.events].sort(), ['poll.closed', 'poll.results']);
    await screenshot(page, 'console-webhooks');

    // Shown once: a reload of the list or the endpoint's page has no trace of it.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await row.waitFor();
    await page.getByRole('link', { name: receiver.url }).click();
    await page.getByRole('heading', { level: 1, name: receiver.url }).waitFor();
    assert.ok(!(await page.locator('body').textContent()).includes(secret), 'the secret is not shown again');

    // The receiver verifies with the secret the page showed: a delivery it accepts was signed with it.
    receiver.secret = secret;
    await page.getByRole('button', { name: 'Send test event' }).click();
    await assertText(page.getByTestId('webhook-done'), 'Test event queued');
    const request = await testEvent(endpoint.id, 'the test event');
    assert.equal(request.answered, 200);
    // The list refreshes itself while a delivery is due, so the outcome shows without a click.
    await assertText(cell(page, 'webhook.test', 'Status'), 'Delivered');
    await assertText(cell(page, 'webhook.test', 'Attempts'), '1');
    await assertText(cell(page, 'webhook.test', 'Last response'), '200');
    await screenshot(page, 'console-webhook-deliveries');
  });

  it('shows a failed attempt and delivers on Redeliver once the receiver is fixed', async () => {
    const created = await api('POST', '/webhooks', { url: receiver.url, events: ['poll.closed'], description: 'Flaky receiver' });
    receiver.secret = created.secret;
    receiver.respond = answer(500);
    const page = await adminPage();
    await openEndpoint(page, created.id);
    await page.getByRole('heading', { level: 1, name: receiver.url }).waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    const { id } = await testEvent(created.id, 'the failed attempt');
    // The schedule retries after 5 s, then not for 5 minutes: after the second failure nothing but
    // Redeliver makes the next attempt.
    const sameId = () => receiver.received.filter((r) => r.id === id);
    await receiver.waitFor('the second attempt', () => sameId().length === 2);
    await assertText(cell(page, 'webhook.test', 'Attempts').locator('summary'), /^2$/);
    await assertText(cell(page, 'webhook.test', 'Last response'), '500');
    await assertText(cell(page, 'webhook.test', 'Status'), 'Pending');
    await cell(page, 'webhook.test', 'Attempts').locator('summary').click();
    await assertText(cell(page, 'webhook.test', 'Attempts'), /: 500 in \d+ ms.*: 500 in \d+ ms.*Last answer: no thanks/);

    receiver.respond = answer(200);
    await deliveryRow(page, 'webhook.test')
      .first()
      .getByRole('button', { name: /^Redeliver/ })
      .click();
    await assertText(page.getByTestId('deliveries-status'), /deliver/);
    await receiver.waitFor('the redelivery', () => sameId().length === 3);
    await assertText(cell(page, 'webhook.test', 'Status'), 'Delivered');
    await assertText(cell(page, 'webhook.test', 'Last response'), '200');
    assert.deepEqual(
      sameId().map((r) => r.answered),
      [500, 500, 200],
      'Redeliver made one more attempt of the same message, delivered once',
    );
    // Unfolded before the redelivery, the attempts stayed unfolded through the refreshes.
    assert.equal(await cell(page, 'webhook.test', 'Attempts').locator('details').getAttribute('open'), '');
    await assertText(cell(page, 'webhook.test', 'Attempts'), /: 500 in \d+ ms.*: 500 in \d+ ms.*: 200 in \d+ ms/);
    await screenshot(page, 'console-webhook-redelivered');
  });

  it('says why an endpoint stopped: a receiver that answered 410 Gone', async () => {
    const created = await api('POST', '/webhooks', { url: receiver.url, events: ['poll.closed'], description: 'Retired server' });
    receiver.secret = created.secret;
    receiver.respond = answer(410);
    await api('POST', `/webhooks/${created.id}/test`);
    await testEvent(created.id, 'the answered 410');
    const page = await adminPage();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const row = page.getByRole('row', { name: /Retired server/ });
    await assertText(row, 'Disabled');
    await assertText(row, 'Your server answered 410 Gone');
    await row.getByRole('link').click();
    await assertText(page.getByTestId('webhook-status'), 'Your server answered 410 Gone');
    receiver.respond = answer(200);
    await page.getByRole('button', { name: 'Enable' }).click();
    await assertText(page.getByTestId('webhook-status'), /^Active$/);
    assert.equal((await api('GET', `/webhooks/${created.id}`)).status, 'active');
  });

  it('edits the events, disables and enables, rotates the secret and deletes, asking first', async () => {
    const url = `${receiver.url}?desk=politics`;
    const created = await api('POST', '/webhooks', { url, events: ['poll.created'] });
    const page = await adminPage();
    await openEndpoint(page, created.id);
    await page.getByRole('heading', { level: 1, name: url }).waitFor();

    const settings = page.locator('form', { has: page.getByRole('heading', { name: 'Settings' }) });
    await settings.getByLabel('poll.created').uncheck();
    await settings.getByRole('button', { name: 'Save changes' }).click();
    await assertText(settings.getByRole('alert'), 'Choose at least one event.');
    await settings.getByLabel('poll.opened').check();
    await settings.getByLabel('poll.closed').check();
    await settings.getByLabel('Description (optional)').fill('Editors’ alerts');
    await settings.getByRole('button', { name: 'Save changes' }).click();
    await assertText(settings, 'Endpoint saved.');
    let stored = await api('GET', `/webhooks/${created.id}`);
    assert.deepEqual([...stored.events].sort(), ['poll.closed', 'poll.opened']);
    assert.equal(stored.description, 'Editors’ alerts');

    await page.getByRole('button', { name: 'Disable' }).click();
    await assertText(page.getByTestId('webhook-status'), 'Disabled');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'webhook-done');
    stored = await api('GET', `/webhooks/${created.id}`);
    assert.equal(stored.status, 'disabled');
    // What the server refuses, the page says in the server's words.
    await page.getByRole('button', { name: 'Send test event' }).click();
    await assertText(page.getByRole('alert'), 'Sending a test event failed. The webhook is disabled: enable it first');
    await page.getByRole('button', { name: 'Enable' }).click();
    await assertText(page.getByTestId('webhook-status'), 'Active');

    // Escape cancels and gives focus back to the button; confirming shows the new secret once.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await assertText(page.getByRole('dialog'), 'For 24 hours every delivery is signed with both');
    await page.keyboard.press('Escape');
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Rotate secret');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = (await page.locator('#rotated-webhook-secret').textContent()).trim();
    assert.match(rotated, /^whsec_/);
    assert.notEqual(rotated, created.secret);
    await assertText(page.locator('main'), 'Both secrets sign for 24 h');
    // Both secrets verify the next delivery: the receiver with the new one, the library here with the old.
    receiver.secret = rotated;
    await page.getByRole('button', { name: 'Send test event' }).click();
    const request = await testEvent(created.id, 'the test event after rotation');
    assert.equal(request.answered, 200);
    assert.equal(new Webhook(created.secret).verify(request.body, request.headers).type, 'webhook.test');

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    assert.ok(!(await api('GET', '/webhooks')).items.some((e) => e.id === created.id), 'the endpoint is gone');
  });

  it('says what is wrong before sending anything', async () => {
    const page = await adminPage();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const count = (await api('GET', '/webhooks')).items.length;
    for (const box of await page.locator('fieldset input[type=checkbox]').all()) await box.uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const alert = page.getByRole('alert');
    await assertText(alert, 'Enter the URL your server receives webhooks at.');
    await assertText(alert, 'Choose at least one event.');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'webhook-url');
    assert.equal(await page.getByLabel('Endpoint URL').getAttribute('aria-invalid'), 'true');

    await page.getByLabel('Endpoint URL').fill('ftp://files.example.com/hooks');
    await page.getByLabel('poll.closed').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await assertText(page.getByRole('alert'), 'is not a web address');
    assert.equal((await api('GET', '/webhooks')).items.length, count, 'nothing was created');
  });

  it('fits a phone-sized screen', async () => {
    const created = await api('POST', '/webhooks', { url: receiver.url, events: ['poll.closed'], description: 'Phone check' });
    receiver.secret = created.secret;
    await api('POST', `/webhooks/${created.id}/test`);
    const page = await adminPage({ width: 375, height: 740 });
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('row', { name: /Phone check/ }).waitFor();
    assert.ok(await fits(), 'the endpoint list has no sideways scroll');
    await openEndpoint(page, created.id);
    await deliveryRow(page, 'webhook.test').first().waitFor();
    assert.ok(await fits(), 'the endpoint page has no sideways scroll');
    await screenshot(page, 'console-phone-webhook');
  });
});
