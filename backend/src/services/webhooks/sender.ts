import type { LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
import type { Address } from './targets';

export const TIMEOUT_MS = 10_000;
const BODY_LIMIT = 1024;

export interface Answer {
  /** null when no answer came: the error says why. */
  status: number | null;
  body: string | null;
  error: string | null;
  retryAfterMs: number | null;
}

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** At most `limit` bytes of a response body; the rest is never read. */
async function head(body: { getReader(): ReadableStreamDefaultReader<Uint8Array> } | null, limit: number): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  // Cut on a character boundary: a stored body stays valid UTF-8 within the limit.
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, limit)).replace(/\uFFFD$/, '');
}

/**
 * POSTs one signed delivery to `url`, connecting to `address` only (the one that was checked: a
 * second DNS answer cannot redirect it), never following redirects, within 10 s for the whole
 * exchange, reading at most 1 KB of the answer.
 */
export async function post(
  url: URL,
  address: Address,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<Answer> {
  const pinned = new Agent({
    connect: {
      // Node asks for every address when it may try several families; it gets the one.
      lookup: ((_host, options, callback) =>
        options.all ? callback(null, [address]) : callback(null, address.address, address.family)) as LookupFunction,
    },
  });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Votewire-Webhooks/1', ...headers },
      body,
      redirect: 'manual',
      dispatcher: pinned,
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
    const text = await head(res.body, BODY_LIMIT);
    return { status: res.status, body: text, error: null, retryAfterMs: retryAfterMs(res.headers.get('retry-after')) };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const error =
      (err as Error).name === 'TimeoutError' ? 'timed out after 10 s' : (cause?.code ?? cause?.message ?? (err as Error).message);
    return { status: null, body: null, error: String(error).slice(0, 300), retryAfterMs: null };
  } finally {
    void pinned.destroy().catch(() => undefined);
  }
}
