import type { WebhookEventType } from '../api.js';
import { h, nextId } from '../dom.js';

/** The events an endpoint may subscribe to, each with what it means to the receiving server. */
export const WEBHOOK_EVENTS: { type: WebhookEventType; help: string }[] = [
  { type: 'poll.created', help: 'A poll was created on this site.' },
  { type: 'poll.updated', help: 'A poll’s question, options or settings changed.' },
  { type: 'poll.opened', help: 'A poll opened for voting, by hand or at its opening time.' },
  {
    type: 'poll.closed',
    help: 'A poll closed: carries the final results and, where the poll keeps a ballot log, its signed tree head.',
  },
  {
    type: 'poll.results',
    help: 'The counts changed: absolute counts with their version, at most one per poll every 10 seconds.',
  },
];

/** The events fieldset of the add and edit forms: one checkbox per event with its one-line explanation. */
export function webhookEventsField(selected: readonly WebhookEventType[]) {
  const boxes = WEBHOOK_EVENTS.map(({ type, help }) => {
    const input = h('input', { type: 'checkbox', id: nextId('event'), name: 'events', value: type });
    input.checked = selected.includes(type);
    const helpId = nextId('event-help');
    input.setAttribute('aria-describedby', helpId);
    return {
      input,
      el: h(
        'li',
        { class: 'event-choice' },
        h('div', { class: 'field check' }, input, h('label', { for: input.id }, h('code', {}, type))),
        h('p', { class: 'help', id: helpId }, help),
      ),
    };
  });
  const el = h(
    'fieldset',
    {},
    h('legend', {}, 'Events'),
    h(
      'ul',
      { class: 'event-choices' },
      boxes.map((b) => b.el),
    ),
  );
  return {
    el,
    value: (): WebhookEventType[] => boxes.filter((b) => b.input.checked).map((b) => b.input.value as WebhookEventType),
    /** Marks the group invalid (or valid again) for assistive technology. */
    setInvalid(invalid: boolean): void {
      if (invalid) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    },
    focus: () => boxes[0]?.input.focus(),
  };
}
