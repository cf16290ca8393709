/* global Response */
import { afterEach, vi } from 'vitest';

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Stubs `fetch` with a server that knows no poll; returns the stub. */
export function stubPollNotFound() {
  const fetch = vi.fn(
    async () =>
      new Response(JSON.stringify({ error: { code: 'not_found', message: 'Poll not found' } }), {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
      }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}
