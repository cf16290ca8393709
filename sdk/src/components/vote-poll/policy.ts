/*
 * The poll's voter policy in plain words, and the texts of an open ballot and of the errors a vote
 * can meet, in a chunk the widget imports alongside its first poll: the first load stays within
 * its size budget.
 */
import { html, type TemplateResult } from 'lit';
import type { PublicPoll } from '@votewire/wire';
import type { Translator } from '../../i18n/i18n.js';
import { en } from '../../i18n/strings.js';
import { policyEn } from '../../i18n/strings-policy.js';

Object.assign(en, policyEn);

/** A `site_user` poll takes votes only from visitors the host page vouches for (`voter-identity`). */
export const needsSignIn = (poll: PublicPoll, signedIn: boolean): boolean => poll.voterPolicy === 'site_user' && !signedIn;

/** What a voter may do in this poll: one vote per device, per network, or per signed-in member. */
export function renderPolicy(t: Translator, poll: PublicPoll, signedIn: boolean): TemplateResult {
  const text =
    poll.voterPolicy === 'ip'
      ? t.t('policy.ip', { n: poll.maxBallotsPerIp })
      : poll.voterPolicy === 'site_user'
        ? t.t(signedIn ? 'policy.site_user' : 'signIn')
        : t.t('policy.browser');
  return html`<p part="policy" class="muted">${text}</p>`;
}
