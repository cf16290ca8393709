import type { ApiKeyInfo } from '@votewire/wire';
import { LIMITS } from '@votewire/wire/limits';
import type { Ctx, View } from '../context.js';
import { errorBox, withBusy } from '../context.js';
import { confirmAction } from '../dialog.js';
import { formatDate, h } from '../dom.js';
import { showSecretOnce } from '../secret.js';

/** API keys: list, create (the secret is shown once), revoke. */
export function apiKeysView(ctx: Ctx, currentKey: string): View {
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading keys…'));
  const status = h('div', { class: 'form-status' });
  const created = h('div', {});
  /** The key whose secret `created` shows. */
  let shownKeyId: number | null = null;
  const name = h('input', { id: 'key-name', name: 'name', required: true, maxlength: LIMITS.apiKeyName.max, autocomplete: 'off' });
  const createButton = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create key');
  const form = h(
    'form',
    { class: 'inline-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: name.id }, 'New key name'), name),
    createButton,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!name.value.trim()) {
      name.setAttribute('aria-invalid', 'true');
      status.replaceChildren(
        h('div', { class: 'alert alert-error', role: 'alert' }, 'Name the key, e.g. after the person or server using it.'),
      );
      name.focus();
      return;
    }
    name.removeAttribute('aria-invalid');
    void withBusy(ctx, createButton, status, 'Creating the key', async () => {
      const key = await ctx.api.createKey(name.value.trim());
      shownKeyId = key.id;
      name.value = '';
      showSecretOnce(created, {
        title: `Key “${key.name}” created.`,
        warning: 'Copy it now: it is stored hashed and will not be shown again.',
        secret: key.key,
        id: 'new-key-secret',
        copyLabel: 'Copy key',
      });
      await load();
    });
  });

  async function load(): Promise<void> {
    try {
      renderList(await ctx.api.listKeys());
    } catch (err) {
      list.replaceChildren(errorBox(ctx, err, 'Loading API keys'));
    }
  }

  function renderList(keys: ApiKeyInfo[]): void {
    if (!keys.length) {
      list.replaceChildren(h('p', { class: 'muted' }, 'No keys.'));
      return;
    }
    const rows = keys.map((key) => {
      const mine = currentKey.startsWith(key.prefix);
      let action: HTMLElement | null = null;
      if (!key.revokedAt) {
        const revoke = h('button', { type: 'button', class: 'btn btn-danger btn-small', 'aria-label': `Revoke key ${key.name}` }, 'Revoke');
        revoke.addEventListener('click', () => {
          void confirmAction(
            `Revoke “${key.name}”?`,
            mine
              ? 'This is the key you are signed in with: you will be signed out. Anything else using it stops working at once.'
              : 'Anything using this key stops working at once. This cannot be undone.',
            'Revoke key',
          ).then((yes) => {
            if (!yes) return revoke.focus();
            return withBusy(ctx, revoke, status, 'Revoking the key', async () => {
              await ctx.api.revokeKey(key.id);
              // A secret that no longer works must not stay on screen beside a Copy button.
              if (shownKeyId === key.id) created.replaceChildren();
              if (mine) return ctx.signOut('You revoked the key you were signed in with.');
              ctx.notify(`Key “${key.name}” revoked.`);
              await load();
            });
          });
        });
        action = revoke;
      }
      return h(
        'tr',
        { class: key.revokedAt ? 'is-revoked' : '' },
        h('th', { scope: 'row' }, key.name, mine ? h('span', { class: 'badge badge-open' }, 'this session') : null),
        h('td', { 'data-label': 'Prefix' }, h('code', {}, `${key.prefix}…`)),
        h('td', { 'data-label': 'Created' }, formatDate(key.createdAt)),
        h('td', { 'data-label': 'Last used' }, formatDate(key.lastUsedAt)),
        h('td', { 'data-label': 'Status' }, key.revokedAt ? `Revoked ${formatDate(key.revokedAt)}` : 'Active'),
        h('td', { class: 'row-actions' }, action),
      );
    });
    list.replaceChildren(
      h(
        'table',
        { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, 'API keys'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Name', 'Prefix', 'Created', 'Last used', 'Status'].map((t) => h('th', { scope: 'col' }, t)),
            h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')),
          ),
        ),
        h('tbody', {}, rows),
      ),
    );
  }

  void load();
  const el = h(
    'section',
    {},
    h('div', { class: 'view-head' }, h('h1', { tabindex: '-1' }, 'API keys')),
    h(
      'p',
      { class: 'help' },
      'Keys sign in to this console and call the admin API. Give each person or server its own key so you can revoke one without the others.',
    ),
    form,
    status,
    created,
    list,
  );
  return { el };
}
