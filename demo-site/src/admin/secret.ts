import { copyText } from './clipboard.js';
import { h } from './dom.js';

export interface SecretShownOnce {
  /** The bold first words, e.g. “Key “CMS” created.” */
  title: string;
  /** Why to copy it now, in plain words. */
  warning: string;
  secret: string;
  /** The id of the <code> that holds the secret. */
  id: string;
  /** The copy button's text, e.g. “Copy key”. */
  copyLabel: string;
  /** Anything else worth saying beside the secret. */
  extra?: Node | null;
}

/**
 * A secret the server shows once: the secret, a copy button, a warning that it will not be shown
 * again. Puts it into `slot` and moves focus to it, so a screen reader reads it out at once.
 */
export function showSecretOnce(slot: HTMLElement, shown: SecretShownOnce): void {
  const copy = h('button', { type: 'button', class: 'btn' }, shown.copyLabel);
  const copied = h('span', { class: 'muted', role: 'status' });
  copy.addEventListener('click', () => {
    void copyText(shown.secret).then((ok) => {
      copied.textContent = ok ? 'Copied.' : 'Copy failed: select the secret and copy it by hand.';
    });
  });
  const box = h(
    'div',
    { class: 'alert alert-success', role: 'status', tabindex: '-1' },
    h('p', {}, h('strong', {}, `${shown.title} `), shown.warning),
    h('pre', { class: 'snippet' }, h('code', { class: 'secret', id: shown.id }, shown.secret)),
    h('div', { class: 'actions' }, copy, copied),
    shown.extra ?? null,
  );
  slot.replaceChildren(box);
  box.focus();
}
