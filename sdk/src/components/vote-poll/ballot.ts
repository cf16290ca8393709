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
  move(id: number, by: number): void;
  dragStart(event: DragEvent, id: number): void;
  dragOver(event: DragEvent, id: number): void;
  dragEnd(): void;
}

/** How many of the ranking's top options are sent: all of them, capped by `maxChoices`. */
export function rankedCount(poll: PublicPoll): number {
  const n = poll.options.length;
  return Math.max(Math.min(poll.minChoices, n), poll.maxChoices > 0 ? Math.min(poll.maxChoices, n) : n);
}

export function maxChoices(poll: PublicPoll): number {
  return poll.maxChoices > 0 ? poll.maxChoices : poll.options.length;
}

export function isValidBallot(poll: PublicPoll, choice: number[]): boolean {
  if (poll.type === 'single') return choice.length === 1;
  if (poll.type === 'multiple') return choice.length >= Math.max(1, poll.minChoices) && choice.length <= maxChoices(poll);
  return choice.length >= rankedCount(poll);
}

function hint(poll: PublicPoll, t: Translator): string {
  const min = Math.max(1, poll.minChoices);
  const max = maxChoices(poll);
  if (poll.type === 'single') return t.t('chooseOne');
  if (poll.type === 'ranked') {
    return rankedCount(poll) < poll.options.length
      ? `${t.t('rankHint')} ${t.t('rankTop', { max: rankedCount(poll) })}`
      : t.t('rankHint');
  }
  if (min === max) return t.t('chooseExactly', { min });
  return min > 1 ? t.t('chooseRange', { min, max }) : t.t('chooseUpTo', { max });
}

export function renderBallot(c: BallotContext): TemplateResult {
  const { poll, t } = c;
  return html`<p id="hint" part="hint" class="muted">${hint(poll, t)}</p>
    ${poll.type === 'ranked' ? ranked(c) : choices(c)}`;
}

function image(url: string | null) {
  // Decorative: the label next to it already names the option.
  return url ? html`<img part="image" src=${url} alt="" loading="lazy" />` : nothing;
}

function choices(c: BallotContext): TemplateResult {
  const { poll, choice } = c;
  const single = poll.type === 'single';
  const full = !single && choice.length >= maxChoices(poll);
  return html`<fieldset part="options" class="options" aria-labelledby="q" aria-describedby="hint">
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

function ranked(c: BallotContext): TemplateResult {
  const { poll, choice, t } = c;
  const counted = rankedCount(poll);
  const last = choice.length - 1;
  return html`<ol part="options" class="options ranking" aria-labelledby="q" aria-describedby="hint">
    ${choice.map((id, i) => {
      const label = poll.options.find((o) => o.id === id)?.label ?? '';
      const imageUrl = poll.options.find((o) => o.id === id)?.imageUrl ?? null;
      return html`<li
        part="option rank-item"
        class="option rank-item"
        data-id=${id}
        draggable=${c.busy ? 'false' : 'true'}
        @dragstart=${(e: DragEvent) => c.dragStart(e, id)}
        @dragover=${(e: DragEvent) => c.dragOver(e, id)}
        @drop=${(e: DragEvent) => e.preventDefault()}
        @dragend=${c.dragEnd}
      >
        <span part="rank" class="rank" aria-hidden="true">${i < counted ? t.num(i + 1) : '–'}</span>
        ${image(imageUrl)}<span part="option-label" class="grow">${label}</span>
        <button
          type="button"
          part="move-button"
          class="up"
          aria-label=${t.t('moveUp', { option: label })}
          ?disabled=${c.busy || i === 0}
          @click=${() => c.move(id, -1)}
        >↑</button>
        <button
          type="button"
          part="move-button"
          class="down"
          aria-label=${t.t('moveDown', { option: label })}
          ?disabled=${c.busy || i === last}
          @click=${() => c.move(id, 1)}
        >↓</button>
      </li>`;
    })}
  </ol>`;
}
