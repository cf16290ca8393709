import type { Ctx, View } from '../context.js';
import { LIMITS } from '@votewire/wire/limits';
import { withBusy } from '../context.js';
import { formatDate, h } from '../dom.js';
import { identityKeysSection } from './identity-keys.js';
import { proofOfWorkField } from './proof-of-work-field.js';

/** The site's name, the origins allowed to embed its polls, proof of work, and identity keys. */
export function siteSettingsView(ctx: Ctx): View {
  const name = h('input', { id: 'site-name', name: 'name', required: true, maxlength: LIMITS.siteName.max, autocomplete: 'off' });
  const origins = h('textarea', {
    id: 'site-origins',
    name: 'allowedOrigins',
    rows: 5,
    spellcheck: 'false',
    'aria-describedby': 'origins-help',
  });
  name.value = ctx.site.name;
  origins.value = ctx.site.allowedOrigins.join('\n');
  const pow = proofOfWorkField(ctx.site.proofOfWork);
  const status = h('div', { class: 'form-status' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Save');

  const form = h(
    'form',
    { class: 'card settings-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: name.id }, 'Site name'), name),
    h('div', { class: 'field' }, h('label', { for: origins.id }, 'Allowed origins'), origins),
    h(
      'p',
      { id: 'origins-help', class: 'help' },
      'One per line, like https://news.example.com. Only pages on these origins can show your polls and take votes. Leave empty to allow any origin.',
    ),
    pow.el,
    status,
    h('div', { class: 'actions' }, save),
    h('p', { class: 'muted' }, `Site #${ctx.site.id}, created ${formatDate(ctx.site.createdAt)}.`),
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const list = origins.value
      .split(/[\s,]+/)
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean);
    const bad = list.filter((o) => !isOrigin(o));
    const powProblem = pow.problem();
    for (const el of [name, origins]) el.removeAttribute('aria-invalid');
    if (!name.value.trim() || bad.length || powProblem) {
      const problems = [
        !name.value.trim() ? 'Give the site a name.' : null,
        ...bad.map((o) => `“${o}” is not an origin: use scheme and host only, like https://example.com.`),
        powProblem,
      ].filter((p): p is string => p !== null);
      if (!name.value.trim() || bad.length) (bad.length ? origins : name).setAttribute('aria-invalid', 'true');
      status.replaceChildren(
        h(
          'div',
          { class: 'alert alert-error', role: 'alert' },
          h(
            'ul',
            {},
            problems.map((p) => h('li', {}, p)),
          ),
        ),
      );
      if (!name.value.trim() || bad.length) (bad.length ? origins : name).focus();
      else pow.focus();
      return;
    }
    void withBusy(ctx, save, status, 'Saving the site', async () => {
      const site = await ctx.api.updateSite({ name: name.value.trim(), allowedOrigins: list, proofOfWork: pow.value() });
      ctx.setSite(site);
      origins.value = site.allowedOrigins.join('\n');
      ctx.notify('Site settings saved.');
    });
  });

  const el = h(
    'section',
    {},
    h('div', { class: 'view-head' }, h('h1', { tabindex: '-1' }, 'Site settings')),
    form,
    identityKeysSection(ctx),
  );
  return { el };
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}
