import { html, nothing, type TemplateResult } from 'lit';
import type { PublicPoll } from '@votewire/wire';
import type { Translator } from '../../i18n/i18n.js';

export interface BallotContext {
  poll: PublicPoll;
  /** Chosen ids; for ranked polls every option, in ranked order. */
  choice: number[];
  t: Translator;
  busy: boolean;
  toggle(id: number, on: boolean): void;
  /** Says something to screen readers through the widget's polite live region. */
  announce(text: string): void;
  /** Sets the ranking; resolves once it is on screen. */
  setChoice(order: number[]): Promise<unknown>;
  /** The ranked ballot, from the lazily loaded ranked chunk. */
  ranking?: TemplateResult;
}

export function maxChoices(poll: PublicPoll): number {
  return poll.maxChoices > 0 ? poll.maxChoices : poll.options.length;
}

/** Ranked ballots are always complete: every option is in the ranking from the start. */
export function isValidBallot(poll: PublicPoll, choice: number[]): boolean {
  if (poll.type === 'single') return choice.length === 1;
  return poll.type === 'ranked' || (choice.length >= Math.max(1, poll.minChoices) && choice.length <= maxChoices(poll));
}

function hint(poll: PublicPoll, t: Translator): string {
  const min = Math.max(1, poll.minChoices);
  const max = maxChoices(poll);
  if (poll.type === 'single') return t.t('chooseOne');
  if (min === max) return t.t('chooseExactly', { min });
  return min > 1 ? t.t('chooseRange', { min, max }) : t.t('chooseUpTo', { max });
}

export const renderHint = (text: string): TemplateResult => html`<p id="hint" part="hint" class="muted">${text}</p>`;

export function renderBallot(c: BallotContext): TemplateResult {
  return c.ranking ?? html`${renderHint(hint(c.poll, c.t))}${choices(c)}`;
}

export function image(url: string | null) {
  // Decorative: the label next to it already names the option.
  return url ? html`<img part="image" src=${url} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing;
}

function choices(c: BallotContext): TemplateResult {
  const { poll, choice } = c;
  const single = poll.type === 'single';
  const full = !single && choice.length >= maxChoices(poll);
  return html`<fieldset part="options" aria-labelledby="q" aria-describedby="hint">
    ${poll.options.map((o) => {
      const checked = choice.includes(o.id);
      return html`<label part="option" class="option">
        <input
          part="input"
          type=${single ? 'radio' : 'checkbox'}
          name="choice"
          .value=${String(o.id)}
          .checked=${checked}
          ?disabled=${c.busy || (full && !checked)}
          @change=${(e: Event) => c.toggle(o.id, (e.target as HTMLInputElement).checked)}
        />
        ${image(o.imageUrl)}<span part="option-label">${o.label}</span>
      </label>`;
    })}
  </fieldset>`;
}
