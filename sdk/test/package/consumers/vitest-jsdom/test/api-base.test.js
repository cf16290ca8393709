// A widget given its api-base, in a file of its own: the missing-api-base warning is once per page,
// and Vitest gives each test file a fresh copy of the package's modules.
import 'votewire';
import { expect, it, vi } from 'vitest';
import { stubPollNotFound } from './setup.js';

it('asks the api-base it is given, without a warning', async () => {
  const fetch = stubPollNotFound();
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
