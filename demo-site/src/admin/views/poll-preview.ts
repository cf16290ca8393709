import type { PollInput } from '@votewire/wire';
import { formatDate, h } from '../dom.js';
import { VISIBILITY_LABELS } from '../labels.js';

/**
 * A static rendering of the poll being edited, close to what the widget will show. It is built
 * locally because an unsaved poll has no id for the real widget to load; the poll page shows the
 * real widget once the poll exists.
 */
export function pollPreview(input: PollInput): HTMLElement {
  const type = input.type ?? 'single';
  const labelled = input.options.filter((o) => o.label.trim() !== '');
  const name = 'preview-choice';
  const options = labelled.map((option, index) => {
    const control =
      type === 'ranked'
        ? h('span', { class: 'preview-rank', 'aria-hidden': 'true' }, String(index + 1))
        : h('input', { type: type === 'single' ? 'radio' : 'checkbox', name, disabled: true, tabindex: '-1' });
    return h(
      'li',
      { class: 'preview-option' },
      control,
      option.imageUrl
        ? h('img', { src: option.imageUrl, alt: '', class: 'preview-image', loading: 'lazy', referrerpolicy: 'no-referrer' })
        : null,
      h('span', {}, option.label),
    );
  });
  const hint =
    type === 'single'
      ? 'Choose one.'
      : type === 'multiple'
        ? choiceHint(input.minChoices, input.maxChoices, 'Choose')
        : choiceHint(input.minChoices, input.maxChoices, 'Rank');
  const notes = [
    `Results: ${VISIBILITY_LABELS[input.resultsVisibility ?? 'always'].toLowerCase()}`,
    input.allowVoteChange ? 'voters may change their vote' : 'votes are final',
    input.opensAt ? `opens ${formatDate(input.opensAt)}` : null,
    input.closesAt ? `closes ${formatDate(input.closesAt)}` : null,
  ].filter(Boolean);
  return h(
    'div',
    { class: 'preview-card', 'data-testid': 'poll-preview' },
    h('p', { class: 'preview-question' }, input.question.trim() || 'Your question'),
    input.description ? h('p', { class: 'preview-description' }, input.description) : null,
    h('p', { class: 'preview-hint' }, hint),
    options.length ? h('ol', { class: 'preview-options' }, options) : h('p', { class: 'muted' }, 'Add options to see them here.'),
    h('button', { type: 'button', class: 'btn btn-primary', disabled: true, tabindex: '-1' }, 'Vote'),
    h('p', { class: 'preview-notes' }, notes.join(' · ')),
  );
}

function choiceHint(min: number | undefined, max: number | undefined, verb: string): string {
  const lo = min ?? 1;
  if (max === undefined || max === 0) return `${verb} at least ${lo}.`;
  if (lo === max) return `${verb} ${lo}.`;
  return `${verb} ${lo} to ${max}.`;
}
