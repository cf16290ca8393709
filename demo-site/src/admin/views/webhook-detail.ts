import type { Webhook, WebhookDelivery } from '@votewire/wire';
import { LIMITS } from '@votewire/wire/limits';
import type { Ctx, View } from '../context.js';
import { errorBox, withBusy } from '../context.js';
import { confirmAction } from '../dialog.js';
import { formatDate, h, replaceChildren } from '../dom.js';
import { webhookStatus } from '../labels.js';
import { showSecretOnce } from '../secret.js';
import { webhookEventsField } from './webhook-events-field.js';

const DELIVERY_STATUS_LABELS: Record<WebhookDelivery['status'], string> = {
  pending: 'Pending',
  delivered: 'Delivered',
  failed: 'Failed',
};

/** While a delivery is due this soon, the list refreshes itself so its outcome shows without a click. */
const AUTO_REFRESH_WITHIN_MS = 30_000;
const AUTO_REFRESH_EVERY_MS = 2_000;

/** One endpoint: its status and settings, the actions on it, and its deliveries with Redeliver. */
export function webhookDetailView(ctx: Ctx, initial: Webhook): View {
  let endpoint = initial;
  const title = h('h1', { tabindex: '-1', class: 'webhook-title' });
  const status = h('div', { class: 'webhook-status-line', 'data-testid': 'webhook-status' });
  const actionStatus = h('div', { class: 'form-status' });
  const secretSlot = h('div', {});
  const testButton = h('button', { type: 'button', class: 'btn btn-primary' }, 'Send test event');
  const toggleButton = h('button', { type: 'button', class: 'btn' });
  const rotateButton = h('button', { type: 'button', class: 'btn' }, 'Rotate secret');
  const deleteButton = h('button', { type: 'button', class: 'btn btn-danger' }, 'Delete');

  /** Says what an action did and moves focus there: the busy button lost it while disabled. */
  function done(message: string): void {
    ctx.notify(message);
    const note = h('p', { class: 'alert alert-success', tabindex: '-1', 'data-testid': 'webhook-done' }, message);
    actionStatus.replaceChildren(note);
    note.focus();
  }

  function render(): void {
    title.textContent = endpoint.url;
    replaceChildren(
      status,
      webhookStatus(endpoint),
      endpoint.previousSecretExpiresAt
        ? h('p', { class: 'help' }, `The previous secret also signs until ${formatDate(endpoint.previousSecretExpiresAt)}.`)
        : null,
    );
    toggleButton.textContent = endpoint.status === 'disabled' ? 'Enable' : 'Disable';
  }

  testButton.addEventListener('click', () => {
    void withBusy(ctx, testButton, actionStatus, 'Sending a test event', async () => {
      await ctx.api.sendTestEvent(endpoint.id);
      done('Test event queued: its delivery appears below.');
      await deliveries.refresh();
    });
  });

  toggleButton.addEventListener('click', () => {
    const enable = endpoint.status === 'disabled';
    void withBusy(ctx, toggleButton, actionStatus, enable ? 'Enabling the endpoint' : 'Disabling the endpoint', async () => {
      endpoint = await ctx.api.updateWebhook(endpoint.id, { enabled: enable });
      render();
      done(enable ? 'Endpoint enabled: new events are delivered again.' : 'Endpoint disabled: no events are sent to it.');
    });
  });

  rotateButton.addEventListener('click', () => {
    void confirmAction(
      'Rotate the signing secret?',
      'A new secret is made now. For 24 hours every delivery is signed with both the old and the new one, so your server can switch when it is ready; after that only the new one signs.',
      'Rotate secret',
    ).then((yes) => {
      if (!yes) return rotateButton.focus();
      return withBusy(ctx, rotateButton, actionStatus, 'Rotating the secret', async () => {
        const rotated = await ctx.api.rotateWebhookSecret(endpoint.id);
        // Shown before anything else can fail: this answer is the only copy.
        showSecretOnce(secretSlot, {
          title: 'New signing secret.',
          warning: 'Copy it to your server now: it will not be shown again. Both secrets sign for 24 h, then only this one does.',
          secret: rotated.secret,
          id: 'rotated-webhook-secret',
          copyLabel: 'Copy secret',
        });
        endpoint = await ctx.api.getWebhook(endpoint.id);
        render();
      });
    });
  });

  deleteButton.addEventListener('click', () => {
    void confirmAction(
      'Delete this endpoint?',
      'No more events are sent to it, including deliveries still waiting for a retry, and its delivery history is deleted.',
      'Delete endpoint',
    ).then((yes) => {
      if (!yes) return deleteButton.focus();
      return withBusy(ctx, deleteButton, actionStatus, 'Deleting the endpoint', async () => {
        await ctx.api.deleteWebhook(endpoint.id);
        ctx.notify('Endpoint deleted.');
        ctx.navigate('#/webhooks');
      });
    });
  });

  const settings = settingsForm(ctx, endpoint, (next) => {
    endpoint = next;
    render();
  });
  const deliveries = deliveriesSection(ctx, endpoint.id);
  render();

  const el = h(
    'section',
    { class: 'webhook-detail' },
    h('p', { class: 'breadcrumb' }, h('a', { href: '#/webhooks' }, '← All endpoints')),
    h('div', { class: 'view-head' }, h('div', {}, title, status)),
    h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Endpoint actions' }, testButton, toggleButton, rotateButton, deleteButton),
    actionStatus,
    secretSlot,
    h('div', { class: 'stack' }, deliveries.el, settings),
  );
  return { el, dispose: deliveries.stop };
}

/** The endpoint's events and description. */
function settingsForm(ctx: Ctx, endpoint: Webhook, saved: (next: Webhook) => void): HTMLElement {
  const events = webhookEventsField(endpoint.events);
  const description = h('input', {
    id: 'webhook-edit-description',
    name: 'description',
    maxlength: LIMITS.webhookDescription.max,
    autocomplete: 'off',
  });
  description.value = endpoint.description;
  const status = h('div', { class: 'form-status' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save changes');
  const form = h(
    'form',
    { class: 'card settings-form', novalidate: true, 'aria-labelledby': 'webhook-settings-title' },
    h('h2', { id: 'webhook-settings-title' }, 'Settings'),
    events.el,
    h('div', { class: 'field' }, h('label', { for: description.id }, 'Description (optional)'), description),
    status,
    h('div', { class: 'actions' }, save),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = events.value();
    events.setInvalid(!chosen.length);
    if (!chosen.length) {
      status.replaceChildren(h('div', { class: 'alert alert-error', role: 'alert' }, 'Choose at least one event.'));
      events.focus();
      return;
    }
    void withBusy(ctx, save, status, 'Saving the endpoint', async () => {
      const next = await ctx.api.updateWebhook(endpoint.id, { events: chosen, description: description.value.trim() });
      saved(next);
      const note = h('p', { class: 'alert alert-success', role: 'status', tabindex: '-1' }, 'Endpoint saved.');
      status.replaceChildren(note);
      note.focus();
    });
  });
  return form;
}

/** The endpoint's deliveries, newest first, with Refresh and Redeliver. */
function deliveriesSection(ctx: Ctx, endpointId: string) {
  const list = h('div', {}, h('p', { class: 'muted' }, 'Loading deliveries…'));
  const status = h('p', { class: 'muted', role: 'status', 'data-testid': 'deliveries-status' });
  const errors = h('div', {});
  const refreshButton = h('button', { type: 'button', class: 'btn btn-small' }, 'Refresh');
  let timer = 0;
  let stopped = false;
  /** Deliveries whose attempts are unfolded: a refresh must not fold them under the reader. */
  const unfolded = new Set<string>();

  async function refresh(): Promise<void> {
    window.clearTimeout(timer);
    try {
      const items = await ctx.api.listDeliveries(endpointId);
      if (stopped) return;
      errors.replaceChildren();
      renderList(items);
      // A live region: said again only when it changes, not on every refresh of a pending delivery.
      const summary = summarise(items);
      if (status.textContent !== summary) status.textContent = summary;
      if (items.some(dueSoon)) timer = window.setTimeout(() => void refresh(), AUTO_REFRESH_EVERY_MS);
    } catch (err) {
      if (!stopped) errors.replaceChildren(errorBox(ctx, err, 'Loading deliveries'));
    }
  }

  function renderList(items: WebhookDelivery[]): void {
    if (!items.length) {
      list.replaceChildren(h('p', { class: 'muted' }, 'No deliveries yet. Send a test event to try the endpoint.'));
      return;
    }
    const rows = items.map((delivery) => {
      const redeliver = h(
        'button',
        { type: 'button', class: 'btn btn-small', 'aria-label': `Redeliver ${delivery.eventType} ${delivery.id}` },
        'Redeliver',
      );
      redeliver.addEventListener('click', () => {
        void withBusy(ctx, redeliver, errors, 'Redelivering', async () => {
          await ctx.api.redeliver(endpointId, delivery.id);
          ctx.notify('Redelivery queued.');
          await refresh();
          status.focus();
        });
      });
      return h(
        'tr',
        { 'data-delivery': delivery.id },
        h('th', { scope: 'row' }, h('code', {}, delivery.eventType)),
        h(
          'td',
          { 'data-label': 'Status' },
          h('span', { class: `badge badge-delivery-${delivery.status}` }, DELIVERY_STATUS_LABELS[delivery.status] ?? delivery.status),
        ),
        h('td', { 'data-label': 'Attempts' }, attemptsCell(delivery, unfolded)),
        h('td', { 'data-label': 'Last response' }, lastResponse(delivery.lastResponseCode, delivery.lastError)),
        h(
          'td',
          { 'data-label': 'Next attempt' },
          // A pending delivery without a time is held while the endpoint is disabled.
          delivery.status === 'pending' && delivery.nextAttemptAt === null ? 'When enabled' : formatDate(delivery.nextAttemptAt),
        ),
        h('td', { 'data-label': 'Created' }, formatDate(delivery.createdAt)),
        h('td', {}, redeliver),
      );
    });
    list.replaceChildren(
      h(
        'table',
        { class: 'table responsive deliveries' },
        h('caption', { class: 'visually-hidden' }, 'Deliveries'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Event', 'Status', 'Attempts', 'Last response', 'Next attempt', 'Created'].map((t) => h('th', { scope: 'col' }, t)),
            h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
          ),
        ),
        h('tbody', {}, rows),
      ),
    );
  }

  status.setAttribute('tabindex', '-1');
  refreshButton.addEventListener('click', () => {
    void withBusy(ctx, refreshButton, errors, 'Refreshing deliveries', refresh);
  });
  void refresh();
  const el = h(
    'section',
    { class: 'card deliveries-card', 'aria-labelledby': 'deliveries-title' },
    h('div', { class: 'card-head' }, h('h2', { id: 'deliveries-title' }, 'Deliveries'), refreshButton),
    status,
    errors,
    h('div', { class: 'table-scroll' }, list),
  );
  return {
    el,
    refresh,
    stop(): void {
      stopped = true;
      window.clearTimeout(timer);
    },
  };
}

function dueSoon(delivery: WebhookDelivery): boolean {
  if (delivery.status !== 'pending' || delivery.nextAttemptAt === null) return false;
  return Date.parse(delivery.nextAttemptAt) - Date.now() < AUTO_REFRESH_WITHIN_MS;
}

/** “3 deliveries: 2 delivered, 1 pending.” */
function summarise(items: WebhookDelivery[]): string {
  const counts = (Object.keys(DELIVERY_STATUS_LABELS) as WebhookDelivery['status'][])
    .map((s) => [s, items.filter((d) => d.status === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${DELIVERY_STATUS_LABELS[s].toLowerCase()}`);
  return `${items.length} ${items.length === 1 ? 'delivery' : 'deliveries'}${counts.length ? `: ${counts.join(', ')}` : ''}.`;
}

/** An answer's status code, or why there was none (timeout, refused connection, refused address). */
function lastResponse(code: number | null, error: string | null): string {
  if (code !== null) return String(code);
  return error ?? '—';
}

/** The number of attempts; each attempt's time, answer and duration behind a disclosure. */
function attemptsCell(delivery: WebhookDelivery, unfolded: Set<string>): Node {
  if (!delivery.history.length) return document.createTextNode(String(delivery.attempts));
  const details = h(
    'details',
    { class: 'attempts', open: unfolded.has(delivery.id) },
    h('summary', {}, String(delivery.attempts)),
    h(
      'ol',
      {},
      delivery.history.map((attempt) =>
        h(
          'li',
          {},
          `${attemptTime(attempt.at, delivery.createdAt)}: ${lastResponse(attempt.responseCode, attempt.error)} in ${attempt.durationMs} ms`,
        ),
      ),
    ),
    // What the receiver said last (at most 1 KB): often the reason for its error.
    delivery.lastResponseBody ? h('p', { class: 'last-body' }, 'Last answer: ', h('code', {}, delivery.lastResponseBody)) : null,
  );
  details.addEventListener('toggle', () => {
    if (details.open) unfolded.add(delivery.id);
    else unfolded.delete(delivery.id);
  });
  return details;
}

/** Attempts seconds apart must not look alike: the time to the second, the date only when it is not the delivery's. */
function attemptTime(iso: string, createdAt: string): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === new Date(createdAt).toDateString();
  return sameDay ? at.toLocaleTimeString() : at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}
