// A component test in an app that uses Vitest and jsdom, which has no IntersectionObserver.
import { expect, it, vi } from 'vitest';
import { VotePoll } from 'votewire';
import { stubPollNotFound } from './setup.js';

it('creates, connects and renders <vote-poll>, and warns once per page that api-base is missing', async () => {
  const fetch = stubPollNotFound();
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const el = document.createElement('vote-poll');
  expect(el).toBeInstanceOf(VotePoll);
  el.setAttribute('poll-id', 'p_missing');
  document.body.append(el);
  await el.updateComplete;
  expect(el.shadowRoot?.innerHTML).toContain('part="base"');
  await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
  const second = document.createElement('vote-poll');
  second.setAttribute('poll-id', 'p_other');
  document.body.append(second);
  await second.updateComplete;
  expect(warn).toHaveBeenCalledOnce();
  expect(warn.mock.calls[0][0]).toMatch(/^<vote-poll>: no api-base attribute/);
});
