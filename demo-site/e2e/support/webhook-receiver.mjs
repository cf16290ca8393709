import { createServer } from 'node:http';

/**
 * A site's webhook receiver, for real: an HTTP server on 127.0.0.1 that keeps every request it gets
 * (headers and raw body, which is what a signature covers) and answers `status` (200 unless told).
 */
export async function startReceiver(port) {
  const received = [];
  const waiters = new Set();
  const receiver = {
    status: 200,
    received,
    url: `http://127.0.0.1:${port}/hooks/votewire`,
    /** Resolves with the first request (now or later) that `match` accepts; gives up after 20 s. */
    waitFor(match, what = 'a delivery') {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no ${what} arrived; got ${received.length}: ${received.map((r) => r.json?.type).join(', ')}`));
        }, 20_000).unref();
      });
    },
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json = null;
      try {
        json = JSON.parse(body);
      } catch {
        // Kept as text: the test asserts on it.
      }
      const request = { method: req.method, path: req.url, headers: req.headers, body, json, answered: receiver.status };
      received.push(request);
      res.writeHead(receiver.status, { 'Content-Type': 'text/plain' }).end(receiver.status < 300 ? 'ok' : 'receiver is down');
      for (const waiter of waiters) {
        if (!waiter.match(request)) continue;
        waiters.delete(waiter);
        waiter.resolve(request);
      }
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
}
