/*
 * The proof of work a site may ask for before it mints an anonymous voter token: an ALTCHA
 * challenge (https://altcha.org/docs/proof-of-work), solved off the main thread. A chunk of its own,
 * imported only once a site has asked for a solution, so the widget's first load never carries it.
 */
import type { AltchaChallenge } from '@votewire/wire';
import { VotewireError } from './errors.js';

/**
 * The number ≤ `maxnumber` whose SHA-256(salt + number) is the challenge, or -1 when none is. One self-contained function: the
 * worker runs its source text. SHA-256 is written out because `crypto.subtle` exists only in
 * secure contexts (many host pages are plain http) and costs an await per hash, several times
 * slower than this loop for a search of a million short strings.
 */
export function search(c: AltchaChallenge): number {
  if (c.algorithm.toUpperCase() !== 'SHA-256') return -1;
  const primes: number[] = [];
  for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p)) primes.push(n);
  // The standard's constants: fractional bits of the primes' cube and square roots (FIPS 180-4, 4.2.2 and 5.3.3).
  const frac = (x: number) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
  const K = primes.map((p) => frac(Math.cbrt(p)));
  const H = primes.slice(0, 8).map((p) => frac(Math.sqrt(p)));
  const want = Array.from({ length: 8 }, (_, i) => parseInt(c.challenge.slice(i * 8, i * 8 + 8), 16) | 0);
  const ror = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  const W = new Int32Array(64);
  const utf8 = new TextEncoder();
  for (let number = 0; number <= c.maxnumber; number++) {
    const bytes = utf8.encode(c.salt + number);
    const blocks = (bytes.length + 72) >> 6;
    const buf = new Uint8Array(blocks * 64);
    buf.set(bytes);
    buf[bytes.length] = 0x80;
    const view = new DataView(buf.buffer);
    view.setUint32(buf.length - 4, bytes.length * 8);
    const h = H.map((x) => x | 0);
    for (let off = 0; off < buf.length; off += 64) {
      for (let i = 0; i < 64; i++) {
        if (i < 16) W[i] = view.getInt32(off + i * 4);
        else {
          const a = W[i - 15]!;
          const b = W[i - 2]!;
          W[i] = (W[i - 16]! + (ror(a, 7) ^ ror(a, 18) ^ (a >>> 3)) + W[i - 7]! + (ror(b, 17) ^ ror(b, 19) ^ (b >>> 10))) | 0;
        }
      }
      let [a, b, cc, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
      for (let i = 0; i < 64; i++) {
        const t1 = (hh + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
        const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc))) | 0;
        hh = g;
        g = f;
        f = e;
        e = (d + t1) | 0;
        d = cc;
        cc = b;
        b = a;
        a = (t1 + t2) | 0;
      }
      [a, b, cc, d, e, f, g, hh].forEach((x, i) => (h[i] = (h[i]! + x) | 0));
    }
    if (h.every((x, i) => x === want[i])) return number;
  }
  return -1;
}

/**
 * Runs the search in a Web Worker so the page stays responsive. The worker is built from a Blob:
 * browsers refuse a worker script from another origin, and this code is served by the Votewire
 * server, not the host page. Where the page's CSP forbids blob: workers, the search runs here.
 */
function searchInWorker(c: AltchaChallenge): Promise<number> {
  const url = URL.createObjectURL(new Blob([`onmessage=e=>postMessage((${search.toString()})(e.data))`], { type: 'text/javascript' }));
  return new Promise<number>((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(url);
    } catch {
      return resolve(search(c));
    }
    const done = (n: number) => (worker.terminate(), resolve(n));
    worker.onmessage = (e: MessageEvent<number>) => done(e.data);
    worker.onerror = () => done(search(c));
    worker.postMessage(c);
  }).finally(() => URL.revokeObjectURL(url));
}

/** The base64 ALTCHA payload that `POST /api/v1/voter-tokens` takes as `altcha`. */
export async function solveChallenge(c: AltchaChallenge): Promise<string> {
  const number = await searchInWorker(c);
  if (number < 0) throw new VotewireError('challenge_failed', 'The proof-of-work challenge has no solution');
  const { algorithm, challenge, salt, signature } = c;
  return btoa(JSON.stringify({ algorithm, challenge, number, salt, signature }));
}
