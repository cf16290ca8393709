// The admin console: a small hash-routed app over the admin REST API. Loaded as a file so the
// page works under a CSP without 'unsafe-inline' or 'unsafe-eval'.
import type { Site } from '@votewire/wire';
import { AdminApi, ApiError } from './api.js';
import type { Ctx, Route, View } from './context.js';
import { errorBox } from './context.js';
import { h } from './dom.js';
import { clearKey, loadKey, saveKey } from './session.js';
import { apiKeysView } from './views/api-keys.js';
import { pollDetailView } from './views/poll-detail.js';
import { pollEditorView } from './views/poll-editor.js';
import { pollListView } from './views/poll-list.js';
import { signInView } from './views/sign-in.js';
import { siteSettingsView } from './views/site-settings.js';
import { webhookDetailView } from './views/webhook-detail.js';
import { webhooksView } from './views/webhooks.js';

const root = document.getElementById('app')!;
let current: View | null = null;
let ctx: Ctx | null = null;
let key: string | null = null;
let renderToken = 0;

function parseRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = hash.split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query) };
}

function showSignIn(reason?: string): void {
  current?.dispose?.();
  current = null;
  ctx = null;
  document.title = 'Sign in · Votewire console';
  root.replaceChildren(
    signInView((api, newKey, site) => {
      saveKey(newKey);
      startSession(api, newKey, site);
    }, reason),
  );
  root.querySelector<HTMLInputElement>('#api-key')?.focus();
}

function startSession(api: AdminApi, newKey: string, site: Site): void {
  key = newKey;
  const siteName = h('span', { class: 'site-name' });
  const notice = h('div', { class: 'notice', role: 'status', 'aria-live': 'polite' });
  const main = h('main', { id: 'main', tabindex: '-1' });
  const signOutButton = h('button', { type: 'button', class: 'btn btn-ghost' }, 'Sign out');
  const nav = h(
    'nav',
    { 'aria-label': 'Console' },
    h(
      'ul',
      {},
      h('li', {}, h('a', { href: '#/polls', 'data-section': 'polls' }, 'Polls')),
      h('li', {}, h('a', { href: '#/webhooks', 'data-section': 'webhooks' }, 'Webhooks')),
      h('li', {}, h('a', { href: '#/keys', 'data-section': 'keys' }, 'API keys')),
      h('li', {}, h('a', { href: '#/site', 'data-section': 'site' }, 'Site')),
    ),
  );
  let noticeTimer = 0;
  ctx = {
    api,
    site,
    setSite(next) {
      this.site = next;
      siteName.textContent = next.name;
    },
    navigate(hash) {
      if (location.hash === hash) void renderRoute();
      else location.hash = hash;
    },
    notify(message) {
      notice.textContent = message;
      notice.classList.add('is-visible');
      window.clearTimeout(noticeTimer);
      noticeTimer = window.setTimeout(() => notice.classList.remove('is-visible'), 5000);
    },
    signOut(reason) {
      clearKey();
      key = null;
      showSignIn(reason);
    },
  };
  siteName.textContent = site.name;
  signOutButton.addEventListener('click', () => ctx?.signOut('Signed out.'));
  root.replaceChildren(
    h('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    h(
      'header',
      { class: 'topbar' },
      h(
        'a',
        { class: 'brand', href: '#/polls' },
        h('img', { class: 'brand-mark', src: '/assets/favicon.svg', alt: '', width: 24, height: 24 }),
        'Votewire',
      ),
      siteName,
      nav,
      signOutButton,
    ),
    notice,
    main,
  );
  // The skip link must not change the hash (that is the router's).
  root.querySelector('.skip-link')!.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  void renderRoute();
}

async function renderRoute(): Promise<void> {
  if (!ctx || !key) return;
  const token = ++renderToken;
  const route = parseRoute();
  const main = document.getElementById('main')!;
  current?.dispose?.();
  current = null;
  const section = route.path[0] ?? 'polls';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a[data-section]')) {
    if (link.dataset['section'] === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.setAttribute('aria-busy', 'true');
  let view: View;
  let title: string;
  try {
    ({ view, title } = await resolveView(ctx, key, route));
  } catch (err) {
    if (!ctx) return; // signed out while loading
    const notFound = err instanceof ApiError && err.status === 404;
    view = {
      el: h(
        'section',
        {},
        h('h1', { tabindex: '-1' }, notFound ? 'Not found' : 'Something went wrong'),
        notFound
          ? h('p', {}, `There is no such ${NOUNS[section]?.one ?? 'page'} on this site. It may have been deleted.`)
          : errorBox(ctx, err, 'Loading'),
        h('p', {}, h('a', { href: `#/${NOUNS[section] ? section : 'polls'}` }, `Back to all ${NOUNS[section]?.many ?? 'polls'}`)),
      ),
    };
    title = notFound ? 'Not found' : 'Error';
  }
  if (token !== renderToken || !ctx) {
    view.dispose?.();
    return;
  }
  current = view;
  main.removeAttribute('aria-busy');
  main.replaceChildren(view.el);
  document.title = `${title} · Votewire console`;
  // Move focus to the new heading so keyboard and screen-reader users land on the new screen.
  main.querySelector<HTMLElement>('h1')?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

/** What a section lists, for its not-found page. */
const NOUNS: Record<string, { one: string; many: string }> = {
  polls: { one: 'poll', many: 'polls' },
  webhooks: { one: 'webhook endpoint', many: 'endpoints' },
};

async function resolveView(c: Ctx, k: string, route: Route): Promise<{ view: View; title: string }> {
  const [section = 'polls', id, action] = route.path;
  if (section === 'keys') return { view: apiKeysView(c, k), title: 'API keys' };
  if (section === 'site') return { view: siteSettingsView(c), title: 'Site settings' };
  if (section === 'webhooks' && id) {
    const endpoint = await c.api.getWebhook(id);
    return { view: webhookDetailView(c, endpoint), title: `Webhook ${endpoint.url}` };
  }
  if (section === 'webhooks') return { view: webhooksView(c), title: 'Webhooks' };
  if (section === 'polls' && id === 'new') return { view: pollEditorView(c, null), title: 'New poll' };
  if (section === 'polls' && id) {
    const poll = await c.api.getPoll(id);
    if (action === 'edit') return { view: pollEditorView(c, poll), title: 'Edit poll' };
    return { view: pollDetailView(c, poll), title: poll.question };
  }
  return { view: pollListView(c, route), title: 'Polls' };
}

window.addEventListener('hashchange', () => void renderRoute());

const stored = loadKey();
if (stored) {
  const api = new AdminApi(stored);
  root.replaceChildren(h('p', { class: 'loading' }, 'Signing in…'));
  api
    .getSite()
    .then((site) => startSession(api, stored, site))
    .catch((err: unknown) => {
      if (err instanceof ApiError && err.status === 401) clearKey();
      showSignIn(
        err instanceof ApiError && err.status === 401
          ? 'Your saved API key is no longer accepted. Sign in again.'
          : `Could not check your saved key: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
} else {
  showSignIn();
}
