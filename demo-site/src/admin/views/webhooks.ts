import type { Webhook } from '@votewire/wire';
import { LIMITS } from '@votewire/wire/limits';
import type { Ctx, View } from '../context.js';
import { errorBox, withBusy } from '../context.js';
import { h } from '../dom.js';
import { webhookStatus } from '../labels.js';
import { showSecretOnce } from '../secret.js';
import { webhookEventsField } from './webhook-events-field.js';

/** The site's webhook endpoints: the list, and a form to add one (its signing secret shown once). */
export function webhooksView(ctx: Ctx): View {
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading endpoints…'));
  const status = h('div', { class: 'form-status' });
  const created = h('div', {});
  const url = h('input', {
    id: 'webhook-url',
    name: 'url',
    type: 'url',
    required: true,
    maxlength: LIMITS.webhookUrl.max,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'https://example.com/webhooks/votewire',
    'aria-describedby': 'webhook-url-help',
  });
  const description = h('input', {
    id: 'webhook-description',
    name: 'description',
    maxlength: LIMITS.webhookDescription.max,
    autocomplete: 'off',
  });
  const events = webhookEventsField(['poll.closed']);
  const addButton = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Add endpoint');
  const form = h(
    'form',
    { class: 'card settings-form', novalidate: true, 'aria-labelledby': 'add-webhook-title' },
    h('h2', { id: 'add-webhook-title' }, 'Add an endpoint'),
    h('div', { class: 'field' }, h('label', { for: url.id }, 'Endpoint URL'), url),
    h(
      'p',
      { class: 'help', id: 'webhook-url-help' },
      'Where your server receives events: an https address reachable from the internet. Redirects are not followed.',
    ),
    events.el,
    h('div', { class: 'field' }, h('label', { for: description.id }, 'Description (optional)'), description),
    status,
    h('div', { class: 'actions' }, addButton),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const problems: { text: string; focus: () => void }[] = [];
    const urlProblem = checkUrl(url.value.trim());
    if (urlProblem) problems.push({ text: urlProblem, focus: () => url.focus() });
    if (!events.value().length) problems.push({ text: 'Choose at least one event.', focus: events.focus });
    if (urlProblem) url.setAttribute('aria-invalid', 'true');
    else url.removeAttribute('aria-invalid');
    events.setInvalid(!events.value().length);
    if (problems.length) {
      status.replaceChildren(
        h(
          'div',
          { class: 'alert alert-error', role: 'alert' },
          h(
            'ul',
            {},
            problems.map((p) => h('li', {}, p.text)),
          ),
        ),
      );
      problems[0]!.focus();
      return;
    }
    void withBusy(ctx, addButton, status, 'Adding the endpoint', async () => {
      const text = description.value.trim();
      const endpoint = await ctx.api.createWebhook({
        url: url.value.trim(),
        events: events.value(),
        ...(text ? { description: text } : {}),
      });
      form.reset();
      showSecretOnce(created, {
        title: 'Endpoint added.',
        warning:
          'Copy its signing secret to your server now: it will not be shown again. Your server checks the webhook-signature header of every delivery with it (any Standard Webhooks library does).',
        secret: endpoint.secret,
        id: 'new-webhook-secret',
        copyLabel: 'Copy secret',
        extra: h(
          'p',
          { class: 'secret-next' },
          h('a', { href: `#/webhooks/${encodeURIComponent(endpoint.id)}` }, 'Open the endpoint to send a test event'),
        ),
      });
      await load();
    });
  });

  async function load(): Promise<void> {
    try {
      renderList(await ctx.api.listWebhooks());
    } catch (err) {
      list.replaceChildren(errorBox(ctx, err, 'Loading webhook endpoints'));
    }
  }

  function renderList(endpoints: Webhook[]): void {
    if (!endpoints.length) {
      list.replaceChildren(h('p', { class: 'empty' }, 'No endpoints yet. Add one below to receive events.'));
      return;
    }
    list.replaceChildren(
      h(
        'table',
        { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, 'Webhook endpoints'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Endpoint', 'Events', 'Description', 'Status'].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          endpoints.map((endpoint) =>
            h(
              'tr',
              {},
              h(
                'th',
                { scope: 'row', class: 'webhook-url' },
                h('a', { href: `#/webhooks/${encodeURIComponent(endpoint.id)}` }, endpoint.url),
              ),
              h('td', { 'data-label': 'Events' }, endpoint.events.join(', ')),
              h('td', { 'data-label': 'Description' }, endpoint.description || '—'),
              h('td', { 'data-label': 'Status' }, webhookStatus(endpoint)),
            ),
          ),
        ),
      ),
    );
  }

  void load();
  const el = h(
    'section',
    { class: 'webhooks' },
    h('div', { class: 'view-head' }, h('h1', { tabindex: '-1' }, 'Webhooks')),
    h(
      'p',
      { class: 'help' },
      'Your servers hear about your polls as they happen: Votewire POSTs each event, signed as the Standard Webhooks specification says, and retries for about a day until your server answers 2xx.',
    ),
    list,
    created,
    form,
  );
  return { el };
}

/** What is wrong with an endpoint URL, or null; the server checks the rest (https, public address). */
function checkUrl(value: string): string | null {
  if (!value) return 'Enter the URL your server receives webhooks at.';
  try {
    const parsed = new URL(value);
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return null;
  } catch {
    // Reported below.
  }
  return `“${value}” is not a web address: write it in full, like https://example.com/webhooks.`;
}
