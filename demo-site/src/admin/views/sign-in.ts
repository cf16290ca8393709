import type { Site } from '@votewire/wire';
import { AdminApi, ApiError } from '../api.js';
import { h } from '../dom.js';

/**
 * The sign-in screen: the key is checked with GET /api/v1/site before it is kept, so a typo is
 * reported here rather than as a failure on the next screen.
 */
export function signInView(onSignedIn: (api: AdminApi, key: string, site: Site) => void, reason?: string): HTMLElement {
  const input = h('input', {
    id: 'api-key',
    name: 'apiKey',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'api-key-help',
  });
  const status = h('div', { class: 'form-status', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card signin-card', novalidate: true },
    h('h1', { tabindex: '-1' }, 'Sign in to Votewire'),
    reason ? h('div', { class: 'alert alert-info', role: 'status' }, reason) : null,
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h(
      'p',
      { id: 'api-key-help', class: 'help' },
      'Paste an admin API key for your site. It is kept for this browser tab only and sent only to this server.',
    ),
    status,
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      status.replaceChildren(alert('Enter an API key.'));
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    button.disabled = true;
    status.replaceChildren(h('p', { class: 'muted' }, 'Checking the key…'));
    const api = new AdminApi(key);
    api
      .getSite()
      .then((site) => onSignedIn(api, key, site))
      .catch((err: unknown) => {
        const message =
          err instanceof ApiError && err.status === 401
            ? 'That API key was not accepted. It may be mistyped or revoked.'
            : `Could not check the key: ${err instanceof Error ? err.message : String(err)}`;
        status.replaceChildren(alert(message));
        input.setAttribute('aria-invalid', 'true');
        input.select();
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return h('main', { id: 'main', class: 'signin' }, form);
}

function alert(message: string): HTMLElement {
  return h('div', { class: 'alert alert-error', role: 'alert' }, message);
}
