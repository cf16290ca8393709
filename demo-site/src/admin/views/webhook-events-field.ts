import type { WebhookEventType } from '@votewire/wire';
import { h, nextId } from '../dom.js';

/** What each event tells the receiving server; a Record, so a new event type cannot go unexplained. */
const EVENT_HELP: Record<WebhookEventType, string> = {
  'poll.created': 'A poll was created on this site.',
  'poll.updated': 'A poll’s question, options or settings changed.',
  'poll.opened': 'A poll opened for voting: by hand, reopened, or at its opening time.',
  'poll.closed':
    'A poll closed, by hand or at its closing time: carries the final results and, where the poll keeps a ballot log, its signed tree head.',
  'poll.results': 'The counts changed: absolute counts with their version, at most one per poll every 10 seconds.',
};

/** The events fieldset of the add and edit forms: one checkbox per event with its one-line explanation. */
export function webhookEventsField(selected: readonly WebhookEventType[]) {
  const boxes = (Object.entries(EVENT_HELP) as [WebhookEventType, string][]).map(([type, help]) => {
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
