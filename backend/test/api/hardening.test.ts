// What a hostile review of the running server found, each held by a test here (docs/reliability.md
// lists them). The socket items live in live-visibility.test.ts and socket-flood.test.ts.
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { loadConfig } from '../../src/config';
import { initDatabase } from '../../src/bootstrap';
import type { Logger } from '../../src/log';
import { describeOnEachBackend, type Harness } from '../support/backends';

/** A request with any method (fetch refuses TRACE and friends), answered as status and text. */
function rawRequest(url: string, method: string, path: string): Promise<{ status: number; type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url + path, { method }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type'] ?? ''), text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Counts the error-level lines the server logs while `during` runs. */
async function errorLogsDuring(h: Harness, during: () => Promise<void>): Promise<unknown[]> {
  const log = h.server.votewire.log as Logger & { error: (...args: unknown[]) => void };
  const original = log.error;
  const seen: unknown[] = [];
  log.error = (...args: unknown[]) => {
    seen.push(args);
  };
  try {
    await during();
  } finally {
    log.error = original;
  }
  return seen;
}

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';

const options = (n: number, label = (i: number) => `Option ${i + 1}`) => Array.from({ length: n }, (_, i) => ({ label: label(i) }));

describeOnEachBackend('hardening: polls and their text', (h) => {
  it('takes a poll with 50 options (the limit) and counts its votes', async () => {
    const { api } = h();
    const poll = await api.createPoll({ type: 'multiple', options: options(50) });
    assert.equal(poll.options.length, 50);
    const last = poll.options[49]!.id;
    const vote = await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id, last]);
    assert.equal(vote.status, 201);
    const results = (await api.results(poll.id)).body;
    assert.equal(results.options.length, 50);
    assert.equal(results.options.find((o) => o.id === last)!.votes, 1);
    // Options added by an update get their tally slots too.
    const grown = await api.admin('PATCH', `/polls/${(await api.createPoll()).id}`, { options: options(50, (i) => `New ${i}`) });
    assert.equal(grown.status, 200);
    assert.equal(grown.body.options.length, 50);
  });

  it('matches ?q= literally: %, _ and \\ are characters, not patterns', async () => {
    const { api } = h();
    for (const question of [
      'Is 50% enough?',
      'Is 500 enough?',
      'Rename snake_case?',
      'Rename snakeXcase?',
      'A back\\slash?',
      'A backslash?',
    ]) {
      await api.createPoll({ question });
    }
    const search = async (q: string) =>
      ((await api.admin('GET', `/polls?q=${encodeURIComponent(q)}`)).body.items as { question: string }[]).map((p) => p.question);
    assert.deepEqual(await search('50%'), ['Is 50% enough?']);
    assert.deepEqual(await search('snake_case'), ['Rename snake_case?']);
    assert.deepEqual(await search('\\'), ['A back\\slash?']);
  });

  it('accepts only https option images, and the seeded demo polls use none other', async () => {
    const { api } = h();
    const http = await api.admin('POST', '/polls', {
      question: 'Pixel?',
      options: [{ label: 'A', imageUrl: 'http://tracker.example/p.gif' }, { label: 'B' }],
    });
    assert.equal(http.status, 400);
    assert.equal(http.body.error.code, 'validation_failed');
    assert.match(http.body.error.message, /https/);
    const https = await api.createPoll({
      question: 'Picture?',
      options: [{ label: 'A', imageUrl: 'https://images.example/a.png' }, { label: 'B' }],
    });
    assert.equal(https.options[0]!.imageUrl, 'https://images.example/a.png');
    const seeded = (await api.admin('GET', '/polls?limit=100')).body.items as { options: { imageUrl: string | null }[] }[];
    const images = seeded.flatMap((p) => p.options.map((o) => o.imageUrl)).filter((u) => u !== null);
    assert.ok(
      images.every((u) => u.startsWith('https://')),
      `seeded images: ${images.join(', ')}`,
    );
  });

  it('normalises labels (NFC, no zero-width or bidi controls) before the duplicate check', async () => {
    const { api } = h();
    for (const twin of ['A\u200b', '\u200dA', 'A\u202e', '\u2066A\u2069', 'A\ufeff']) {
      const res = await api.admin('POST', '/polls', { question: 'Twins?', options: [{ label: 'A' }, { label: twin }] });
      assert.equal(res.status, 400, JSON.stringify(twin));
      assert.match(res.body.error.message, /unique/);
    }
    const composed = await api.admin('POST', '/polls', { question: 'Café?', options: [{ label: 'Cafe\u0301' }, { label: 'Café' }] });
    assert.equal(composed.status, 400, 'a decomposed é is the same label');
    const poll = await api.createPoll({ options: [{ label: 'Cafe\u0301\u200b' }, { label: 'Tea' }] });
    assert.equal(poll.options[0]!.label, 'Café', 'stored NFC, without the zero-width space');
  });

  it('defuses CSV cells behind fullwidth signs and invisible prefixes', async () => {
    const { api } = h();
    const labels = ['\uff1dSUM(A1)', '\uff0b1', '\uff0d1', '\uff20cmd', '\u200b=SUM(A1)', '\u202a+1', '\u2066-1', 'Plain'];
    const poll = await api.createPoll({ type: 'multiple', options: labels.map((label) => ({ label })) });
    for (const option of poll.options) await api.vote(poll.id, await api.voterToken(poll.id), [option.id]);
    const res = await api.request('GET', `/api/v1/polls/${poll.id}/ballots.csv`, { key: api.adminKey });
    assert.equal(res.status, 200);
    const cells = (res.body as string)
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[2]!);
    assert.equal(cells.length, labels.length);
    for (const cell of cells.slice(0, -1)) assert.ok(cell.startsWith("'"), `defused: ${JSON.stringify(cell)}`);
    assert.equal(cells.at(-1), 'Plain');
  });

  it('reveals no version or count in a vote answer while results are hidden', async () => {
    const { api } = h();
    for (const resultsVisibility of ['hidden', 'after_close'] as const) {
      const poll = await api.createPoll({ resultsVisibility });
      for (let i = 0; i < 3; i++) {
        const res = await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
        assert.equal(res.status, 201);
        assert.equal(res.body.results, null);
        assert.ok(!('version' in res.body), `${resultsVisibility}: ${JSON.stringify(res.body)}`);
      }
    }
    const open = await api.createPoll({ resultsVisibility: 'always' });
    const res = await api.vote(open.id, await api.voterToken(open.id), [open.options[0]!.id]);
    assert.equal(res.body.results!.totalBallots, 1, 'visible results still come with the answer');
  });
});

describeOnEachBackend(
  'hardening: admin keys, methods and operations',
  (h) => {
    it('answers unknown methods with a JSON 405/501 and logs no error', async () => {
      const { server } = h();
      const answers: { status: number; type: string; text: string }[] = [];
      const errors = await errorLogsDuring(h(), async () => {
        for (const method of ['TRACE', 'PROPFIND', 'SEARCH', 'MKCOL']) {
          for (const path of ['/', '/healthz', '/api/v1/polls', '/api/v1/nothing', '/nothing']) {
            answers.push(await rawRequest(server.url, method, path));
          }
        }
      });
      for (const a of answers) {
        assert.ok(a.status === 405 || a.status === 501, `${a.status} ${a.text}`);
        assert.match(a.type, /json/);
        assert.match((JSON.parse(a.text) as { error: { code: string } }).error.code, /^(method_not_allowed|not_implemented)$/);
      }
      assert.deepEqual(errors, []);
    });

    it('gives failed admin authentications a per-IP budget (429 + Retry-After), and spares valid keys', async () => {
      const { api } = h();
      const from = (ip: string, key: string) => api.request('GET', '/api/v1/polls', { key, headers: { 'X-Forwarded-For': ip } });
      for (let i = 0; i < 20; i++) assert.equal((await from('203.0.113.8', api.adminKey)).status, 200, 'successes cost nothing');
      const failures = [];
      for (let i = 0; i < 8; i++) failures.push(await from('203.0.113.7', `vw_wrong_${i}_${'x'.repeat(20)}`));
      assert.deepEqual(
        failures.map((r) => r.status),
        [401, 401, 401, 401, 401, 429, 429, 429],
      );
      assert.ok(Number(failures[5]!.headers.get('retry-after')) >= 1);
      assert.equal(failures[7]!.body.error.code, 'rate_limited');
      assert.equal((await from('203.0.113.7', api.adminKey)).status, 429, 'the spent IP tries no more keys');
      assert.equal((await from('203.0.113.8', api.adminKey)).status, 200, 'another IP is not affected');
    });

    it('shows /metrics and detailed /readyz only with the metrics token or from a listed network', async () => {
      const { api } = h();
      const outside = { 'X-Forwarded-For': '198.51.100.4' };
      assert.equal((await api.request('GET', '/healthz', { headers: outside })).status, 200);
      const bare = await api.request('GET', '/readyz', { headers: outside });
      assert.equal(bare.status, 200);
      assert.deepEqual(bare.body, { status: 'ready' });
      const metrics = await api.request('GET', '/metrics', { headers: outside });
      assert.equal(metrics.status, 403);
      assert.equal(metrics.body.error.code, 'metrics_forbidden');
      const wrong = await api.request('GET', '/metrics', { headers: { ...outside, Authorization: 'Bearer not-the-token-at-all-000' } });
      assert.equal(wrong.status, 403);
      const token = { ...outside, Authorization: `Bearer ${METRICS_TOKEN}` };
      assert.match((await api.request('GET', '/metrics', { headers: token })).body as string, /votewire_http_requests_total/);
      assert.equal((await api.request('GET', '/readyz', { headers: token })).body.primary, 'up');
      const listed = await api.request('GET', '/readyz', { headers: { 'X-Forwarded-For': '10.1.2.3' } });
      assert.equal(listed.body.primary, 'up', 'a listed network sees the detail without a token');
      assert.equal((await api.request('GET', '/metrics', { headers: { 'X-Forwarded-For': '10.1.2.3' } })).status, 200);
    });

    // Last: it revokes the harness's admin key.
    it('keeps a revoked VOTEWIRE_ADMIN_KEY revoked across a restart, and says so in the log', async () => {
      const { api, server } = h();
      const other = (await api.admin('POST', '/api-keys', { name: 'second' })).body as { key: string };
      const keys = (await api.admin('GET', '/api-keys')).body.items as { id: number; name: string }[];
      const envKey = keys.find((k) => k.name.includes('VOTEWIRE_ADMIN_KEY'))!;
      assert.equal((await api.admin('DELETE', `/api-keys/${envKey.id}`, undefined, other.key)).status, 204);
      const warnings: unknown[] = [];
      const log = { warn: (...args: unknown[]) => warnings.push(args), info: () => undefined } as unknown as Logger;
      // What every start-up runs.
      await initDatabase(
        server.votewire.db,
        loadConfig({ VOTEWIRE_DATA_DIR: tmpdir(), VOTEWIRE_ADMIN_KEY: server.adminKey, VOTEWIRE_SECRET: 'x'.repeat(32) }),
        log,
      );
      assert.equal((await api.admin('GET', '/polls')).status, 401, 'the revoked key stays revoked');
      assert.match(JSON.stringify(warnings), /VOTEWIRE_ADMIN_KEY.*revoked/);
    });
  },
  {
    VOTEWIRE_TRUST_PROXY: 'true',
    VOTEWIRE_RATE_AUTH_FAILURES_PER_MINUTE: '5',
    VOTEWIRE_METRICS_TOKEN: METRICS_TOKEN,
    VOTEWIRE_METRICS_NETWORKS: '10.0.0.0/8',
  },
);
