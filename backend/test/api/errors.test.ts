import { strict as assert } from 'node:assert';
import { describeOnEachBackend } from '../support/backends';

describeOnEachBackend('HTTP errors', (h) => {
  it('answers unknown routes with a JSON 404', async () => {
    const res = await h().api.request('GET', '/api/v1/nothing-here', { unchecked: true });
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });

  it('answers a wrong method with 405', async () => {
    const res = await h().api.request('PUT', '/api/v1/voter-tokens', { unchecked: true });
    assert.equal(res.status, 405);
    assert.equal(res.body.error.code, 'method_not_allowed');
  });

  it('refuses malformed JSON, non-JSON bodies and bodies over 16 KB, writing nothing', async () => {
    const { api } = h();
    const before = (await api.admin('GET', '/polls?limit=1')).body.total;
    const post = (raw: string, type = 'application/json') =>
      api.request('POST', '/api/v1/polls', { raw, headers: { 'Content-Type': type }, key: api.adminKey });
    const malformed = await post('{"question": "Q", ');
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.code, 'invalid_json');
    const form = await post('question=Q', 'application/x-www-form-urlencoded');
    assert.equal(form.status, 415);
    assert.equal(form.body.error.code, 'unsupported_media_type');
    const huge = await post(
      JSON.stringify({ question: 'Q', description: 'x'.repeat(17 * 1024), options: [{ label: 'a' }, { label: 'b' }] }),
    );
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'payload_too_large');
    const deep = await post('['.repeat(5000) + ']'.repeat(5000));
    assert.equal(deep.status, 400);
    assert.equal((await api.admin('GET', '/polls?limit=1')).body.total, before);
  });

  it('never leaks internals and names the serving instance', async () => {
    const res = await h().api.request('GET', '/api/v1/polls/%E0%A4%A');
    assert.ok([400, 404].includes(res.status));
    assert.equal(typeof res.body.error.message, 'string');
    assert.equal(res.headers.get('x-served-by'), 'backend_1');
  });

  it('rate-limits voter tokens per IP with 429 and Retry-After', async function () {
    this.timeout(30_000);
    const { startBackend } = await import('../support/backends');
    const limited = await startBackend(h().kind, { VOTEWIRE_RATE_TOKENS_PER_MINUTE: '3' });
    try {
      const body = { pollId: (await limited.api.createPoll()).id };
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.api.request('POST', '/api/v1/voter-tokens', { body })).status);
      assert.deepEqual(statuses, [201, 201, 201, 429]);
      const res = await limited.api.request('POST', '/api/v1/voter-tokens', { body });
      assert.equal(res.body.error.code, 'rate_limited');
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
    } finally {
      await limited.server.close();
    }
  });
});
