// A component test in an app that uses Vitest and jsdom, which has no IntersectionObserver.
/* global Response */
import { afterEach, expect, it, vi } from 'vitest';
import { VotePoll } from 'votewire';

const notFound = () =>
  new Response(JSON.stringify({ error: { code: 'not_found', message: 'Poll not found' } }), {
    status: 404,
    headers: { 'Content-Type': 'application/json' },
  });

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

it('creates, connects and renders <vote-poll>, and warns that api-base is missing', async () => {
  const fetch = vi.fn(async () => notFound());
  vi.stubGlobal('fetch', fetch);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const el = document.createElement('vote-poll');
  expect(el).toBeInstanceOf(VotePoll);
  el.setAttribute('poll-id', 'p_missing');
  document.body.append(el);
  await el.updateComplete;
  expect(el.shadowRoot?.innerHTML).toContain('part="base"');
  expect(warn).toHaveBeenCalledOnce();
  expect(warn.mock.calls[0][0]).toMatch(/^<vote-poll>: no api-base attribute/);
});

it('asks the api-base it is given, without a warning', async () => {
  const fetch = vi.fn(async () => notFound());
  vi.stubGlobal('fetch', fetch);
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const el = document.createElement('vote-poll');
  el.setAttribute('api-base', 'https://polls.example.com');
  el.setAttribute('poll-id', 'p_missing');
  document.body.append(el);
  await el.updateComplete;
  await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
  expect(String(fetch.mock.calls[0][0])).toMatch(/^https:\/\/polls\.example\.com\/api\/v1\/polls\/p_missing/);
  expect(warn).not.toHaveBeenCalled();
});
