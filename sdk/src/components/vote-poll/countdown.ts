/*
 * Only scheduled polls count down to their opening, so this is a chunk of its own, loaded with
 * such a poll.
 */
import { html, type TemplateResult } from 'lit';
import type { Translator } from '../../i18n/i18n.js';

/** "in 3 hours", "in 42 seconds", in the widget's language: the largest unit that fits 1.5 times. */
export function relative(locale: string, ms: number): string {
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 864e5],
    ['hour', 36e5],
    ['minute', 6e4],
  ];
  const [unit, size] = units.find(([, size]) => ms >= size * 1.5) ?? ['second', 1000];
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.max(0, Math.round(ms / size)), unit);
}

export const renderCountdown = (t: Translator, msLeft: number): TemplateResult =>
  html`<p part="countdown">${t.t('opens', { when: relative(t.locale, msLeft) })}</p>`;

/**
 * Re-renders `host` every second and reloads its poll once the (server) clock says it is open,
 * at most every three seconds while the server still disagrees. Returns the stop function.
 */
export function startCountdown(opensAt: number, skew: number, host: { requestUpdate(): void; reload(): unknown }): () => void {
  let lastReload = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    host.requestUpdate();
    if (now + skew >= opensAt && now - lastReload > 3000) {
      lastReload = now;
      host.reload();
    }
  }, 1000);
  return () => clearInterval(timer);
}
