import { fixture } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit';
import type { PollInput } from '@votewire/wire';
import '../components/vote-poll/vote-poll.js';
import type { VotePoll } from '../components/vote-poll/vote-poll.component.js';
import { backendInfo, createPoll, until } from './backend.js';

export { html };

/** A poll with sensible defaults: open, single choice, results always visible. */
export async function newPoll(input: Partial<PollInput> = {}) {
  return createPoll({
    question: 'Which fruit?',
    type: 'single',
    status: 'open',
    resultsVisibility: 'always',
    options: [{ label: 'Apple' }, { label: 'Banana' }, { label: 'Cherry' }],
    ...input,
  });
}

export const apiBase = async () => (await backendInfo()).url;

/** Mounts a template and waits until the widget shows more than its loading state. */
export async function mount(template: TemplateResult): Promise<VotePoll> {
  const host = await fixture<HTMLElement>(template);
  const el = (host.localName === 'vote-poll' ? host : host.querySelector('vote-poll')) as VotePoll;
  await until(() => $(el, 'section')?.getAttribute('aria-busy') === 'false', 'the poll to load');
  await el.updateComplete;
  return el;
}

export const $ = <E extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<E>(selector);
export const $$ = <E extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<E>(selector)];
export const text = (el: Element, selector: string) => $(el, selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

/** Resolves with the details of the events of that type that `target` sees, as they arrive. */
export function record<T>(target: EventTarget, type: string): T[] {
  const seen: T[] = [];
  target.addEventListener(type, (e) => seen.push((e as CustomEvent<T>).detail));
  return seen;
}
