// The embedded server's static files (the SDK under /sdk/), over HTTP: precompressed variants,
// caching by file name, and HEAD.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync } from 'node:zlib';
import { startBackend, type Harness } from '../support/backends';

interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** node:http rather than fetch: fetch would decompress the body and hide what was sent. */
function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawReply> {
  return new Promise((done, fail) => {
    const req = request(new URL(path, base), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.once('error', fail);
    req.end();
  });
}

describe('static files: the SDK as the embedded server sends it', function () {
  const root = mkdtempSync(join(tmpdir(), 'votewire-static-'));
  const entry = Buffer.from('export const poll = "vote";\n'.repeat(400));
  const chunk = Buffer.from('export const chunk = 1;\n'.repeat(100));
  let harness: Harness;

  before(async function () {
    this.timeout(60_000);
    writeFileSync(join(root, 'vote-poll.js'), entry);
    writeFileSync(join(root, 'vote-poll.js.br'), brotliCompressSync(entry));
    writeFileSync(join(root, 'vote-poll.js.gz'), gzipSync(entry));
    writeFileSync(join(root, 'ranked-CUMx9zpl.js'), chunk);
    writeFileSync(join(root, 'ranked-CUMx9zpl.js.gz'), gzipSync(chunk));
    writeFileSync(join(root, 'vote-poll.js.map'), '{"version":3}');
    // Source maps are served only when asked for; this suite checks how they are cached when they are.
    harness = await startBackend('sqlite', { VOTEWIRE_SDK_ROOT: root, VOTEWIRE_SERVE_SOURCE_MAPS: 'true' });
  });
  after(async () => {
    await harness?.server.close();
    rmSync(root, { recursive: true, force: true });
  });
  const url = () => harness.server.url;

  it('sends brotli to a client that accepts it, with Vary and the compressed length', async () => {
    const res = await get(url(), '/sdk/vote-poll.js', { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.match(String(res.headers['content-type']), /^(application|text)\/javascript/);
    assert.equal(Number(res.headers['content-length']), res.body.length);
    assert.ok(res.body.length < entry.length / 10, `${res.body.length} bytes for ${entry.length}`);
    assert.deepEqual(brotliDecompressSync(res.body), entry);
  });

  it('sends gzip when brotli is not accepted, and the file itself when nothing is', async () => {
    const gz = await get(url(), '/sdk/vote-poll.js', { 'Accept-Encoding': 'br;q=0, gzip' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), entry);
    const plain = await get(url(), '/sdk/vote-poll.js', { 'Accept-Encoding': 'identity' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.deepEqual(plain.body, entry);
    const onlyGzip = await get(url(), '/sdk/ranked-CUMx9zpl.js', { 'Accept-Encoding': 'br, gzip' });
    assert.equal(onlyGzip.headers['content-encoding'], 'gzip', 'a file with only a .gz sibling');
    assert.deepEqual(gunzipSync(onlyGzip.body), chunk);
  });

  it('lets hashed chunks be cached for a year, immutable, and the entry for minutes', async () => {
    const hashed = await get(url(), '/sdk/ranked-CUMx9zpl.js');
    assert.equal(hashed.headers['cache-control'], 'public, max-age=31536000, immutable');
    const first = await get(url(), '/sdk/vote-poll.js');
    assert.equal(first.headers['cache-control'], 'public, max-age=300');
    const map = await get(url(), '/sdk/vote-poll.js.map');
    assert.equal(map.headers['cache-control'], 'public, max-age=300');
    assert.equal(map.headers.vary, undefined, 'no variants, no Vary');
  });

  it('answers HEAD with 200 and the GET headers, Content-Length included, and no body', async () => {
    const headers = { 'Accept-Encoding': 'gzip, br' };
    const full = await get(url(), '/sdk/vote-poll.js', headers);
    const head = await get(url(), '/sdk/vote-poll.js', headers, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    for (const name of ['content-type', 'content-length', 'content-encoding', 'vary', 'cache-control', 'last-modified']) {
      assert.equal(head.headers[name], full.headers[name], name);
    }
    assert.equal(Number(head.headers['content-length']), full.body.length);
  });
});
