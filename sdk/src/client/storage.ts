/*
 * localStorage throws in some embeds (sandboxed iframes, blocked third-party storage, Safari's
 * old private mode). The memory copy keeps the widget working for the page's lifetime there.
 */
const memory = new Map<string, string>();

export function load<T>(key: string): T | null {
  let raw: string | null | undefined;
  try {
    raw = localStorage.getItem(key);
  } catch {
    raw = memory.get(key);
  }
  try {
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function save(key: string, value: unknown): void {
  const raw = JSON.stringify(value);
  memory.set(key, raw);
  try {
    localStorage.setItem(key, raw);
  } catch {
    /* memory copy only */
  }
}

export function remove(key: string): void {
  memory.delete(key);
  try {
    localStorage.removeItem(key);
  } catch {
    /* memory copy only */
  }
}

/**
 * An idempotency key: 128 random bits in hex. Not `crypto.randomUUID()`, which exists only in
 * secure contexts, and many host pages are still plain http.
 */
export const uuid = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
