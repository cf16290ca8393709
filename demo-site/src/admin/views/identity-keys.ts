import type { IdentityKeyInfo } from '@votewire/wire';
import type { Ctx } from '../context.js';
import { errorBox, withBusy } from '../context.js';
import { confirmAction } from '../dialog.js';
import { formatDate, h } from '../dom.js';
import { showSecretOnce } from '../secret.js';

/** Identity keys, with which the site's server vouches for its signed-in users: create (secret shown once), list, revoke. */
export function identityKeysSection(ctx: Ctx): HTMLElement {
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading identity keys…'));
  const status = h('div', { class: 'form-status' });
  const created = h('div', {});
  const createButton = h('button', { type: 'button', class: 'btn btn-primary' }, 'Create identity key');

  createButton.addEventListener('click', () => {
    void withBusy(ctx, createButton, status, 'Creating the identity key', async () => {
      const key = await ctx.api.createIdentityKey();
      showSecretOnce(created, {
        title: `Identity key ${key.id} created.`,
        warning: 'Copy the secret to your server now: it is stored encrypted and will not be shown again.',
        secret: key.secret,
        id: 'new-identity-secret',
        copyLabel: 'Copy secret',
      });
      await load();
    });
  });

  async function load(): Promise<void> {
    try {
      renderList(await ctx.api.listIdentityKeys());
    } catch (err) {
      list.replaceChildren(errorBox(ctx, err, 'Loading identity keys'));
    }
  }

  function renderList(keys: IdentityKeyInfo[]): void {
    if (!keys.length) {
      list.replaceChildren(h('p', { class: 'muted' }, 'No identity keys.'));
      return;
    }
    const rows = keys.map((key) => {
      let action: HTMLElement | string = key.revokedAt ? `Revoked ${formatDate(key.revokedAt)}` : '';
      if (!key.revokedAt) {
        const revoke = h(
          'button',
          { type: 'button', class: 'btn btn-danger btn-small', 'aria-label': `Revoke identity key ${key.id}` },
          'Revoke',
        );
        revoke.addEventListener('click', () => {
          void confirmAction(
            `Revoke identity key ${key.id}?`,
            'Identities signed with it are refused at once: members signed in with it cannot vote until your server signs with another key.',
            'Revoke key',
          ).then((yes) => {
            if (!yes) return revoke.focus();
            return withBusy(ctx, revoke, status, 'Revoking the identity key', async () => {
              await ctx.api.revokeIdentityKey(key.id);
              ctx.notify(`Identity key ${key.id} revoked.`);
              await load();
            });
          });
        });
        action = revoke;
      }
      return h(
        'tr',
        { class: key.revokedAt ? 'is-revoked' : '' },
        h('th', { scope: 'row' }, h('code', {}, key.id)),
        h('td', { 'data-label': 'Created' }, formatDate(key.createdAt)),
        h('td', { 'data-label': 'Last used' }, formatDate(key.lastUsedAt)),
        h('td', { 'data-label': 'Status' }, action),
      );
    });
    list.replaceChildren(
      h(
        'table',
        { class: 'table responsive' },
        h('caption', { class: 'visually-hidden' }, 'Identity keys'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['Key id (kid)', 'Created', 'Last used', ''].map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h('tbody', {}, rows),
      ),
    );
  }

  void load();
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'identity-keys-title' },
    h('h2', { id: 'identity-keys-title' }, 'Identity keys'),
    h(
      'p',
      { class: 'help' },
      `For polls with “one vote per signed-in member”: your server signs a short-lived token (a JWT, HS256) naming the signed-in user, with header kid = the key id and aud = ${ctx.site.id}, and your page passes it to the widget as voter-identity. Several keys may be live at once, so you can rotate: create a new one, switch your server to it, then revoke the old one.`,
    ),
    h('div', { class: 'actions' }, createButton),
    status,
    created,
    list,
  );
}
