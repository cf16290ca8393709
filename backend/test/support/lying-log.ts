import { request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * What a dishonest server might send a voter checking the ballot log: `proof`, an inclusion path
 * with one hash changed; `head`, a tree head whose root was changed after signing. `null` is honest.
 */
export type LogLie = 'proof' | 'head' | null;

const HONEST = 'x-votewire-test-honest';
const routes = { proof: /^\/api\/v1\/polls\/[^/]+\/log\/inclusion\?/, head: /^\/api\/v1\/polls\/[^/]+\/log(\?|$)/ };

const flip = (hex: string) => (hex[0] === '0' ? '1' : '0') + hex.slice(1);

/**
 * Test-only: puts a switch in front of a test server's request handler. While a lie is on, the
 * matching log route is answered by asking the real handler (over HTTP, marked honest) and
 * altering its JSON; every other request goes straight to the handler.
 */
export function lyingLog(server: Server, url: string): (lie: LogLie) => void {
  let lie: LogLie = null;
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!lie || req.method !== 'GET' || req.headers[HONEST] || !routes[lie].test(req.url ?? '')) {
      for (const h of handlers) h.call(server, req, res);
      return;
    }
    const told = lie;
    const honest = httpRequest(new URL(req.url!, url), { headers: { ...req.headers, [HONEST]: '1' } }, (up) => {
      let body = '';
      up.setEncoding('utf8');
      up.on('data', (d: string) => (body += d));
      up.on('end', () => {
        const data = JSON.parse(body);
        if (up.statusCode === 200 && told === 'proof') data.inclusionPath[0] = flip(data.inclusionPath[0]);
        if (up.statusCode === 200 && told === 'head') data.rootHash = flip(data.rootHash);
        const headers = { ...up.headers };
        delete headers['content-length'];
        delete headers.etag;
        res.writeHead(up.statusCode ?? 500, headers);
        res.end(JSON.stringify(data));
      });
    });
    honest.on('error', () => res.destroy());
    honest.end();
  });
  return (next) => (lie = next);
}
