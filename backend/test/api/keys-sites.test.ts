import { strict as assert } from 'node:assert';
import { describeOnEachBackend } from '../support/backends';

describeOnEachBackend('API keys and sites', (h) => {
  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const { api } = h();
    const created = await api.admin('POST', '/api-keys', { name: 'CI' });
    assert.equal(created.status, 201);
    const key = created.body.key as string;
    assert.match(key, /^vw_[0-9A-Za-z]{32}$/);
    assert.equal(created.body.prefix, key.slice(0, 8));
    const list = await api.admin('GET', '/api-keys');
    const listed = list.body.items.find((k: { id: number }) => k.id === created.body.id);
    assert.equal(listed.name, 'CI');
    assert.equal(listed.key, undefined);
    assert.ok(!JSON.stringify(list.body).includes(key), 'the secret is never listed');
    assert.equal((await api.admin('GET', '/site', undefined, key)).status, 200);
    assert.equal((await api.admin('DELETE', `/api-keys/${created.body.id}`)).status, 204);
    const revoked = await api.admin('GET', '/site', undefined, key);
    assert.equal(revoked.status, 401);
    assert.equal(revoked.body.error.code, 'invalid_api_key');
    assert.ok((await api.admin('GET', '/api-keys')).body.items.find((k: { id: number }) => k.id === created.body.id).revokedAt);
  });

  it('keeps a key from revoking itself', async () => {
    const { api } = h();
    const created = await api.admin('POST', '/api-keys', { name: 'self' });
    const res = await api.admin('DELETE', `/api-keys/${created.body.id}`, undefined, created.body.key);
    assert.equal(res.status, 409);
  });

  it('updates the site’s allowed origins, refusing anything that is not an origin', async () => {
    const { api } = h();
    const ok = await api.admin('PATCH', '/site', {
      allowedOrigins: ['https://news.example', 'http://localhost:3000/', 'https://news.example'],
    });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body.allowedOrigins, ['https://news.example', 'http://localhost:3000']);
    for (const bad of [['news.example'], ['https://news.example/path'], ['javascript:alert(1)'], 'https://x.example', [42]]) {
      const res = await api.admin('PATCH', '/site', { allowedOrigins: bad });
      assert.equal(res.status, 400, JSON.stringify(bad));
    }
    assert.deepEqual((await api.admin('GET', '/site')).body.allowedOrigins, ['https://news.example', 'http://localhost:3000']);
  });

  it('scopes every admin route to the key’s site', async () => {
    const { api } = h();
    const mine = await api.createPoll();
    const other = await api.admin('POST', '/sites', { name: 'Site B', allowedOrigins: ['https://b.example'] });
    assert.equal(other.status, 201);
    const keyB = other.body.apiKey.key as string;
    const theirs = await api.createPoll({}, keyB);
    const attempts: [string, string, unknown?][] = [
      ['GET', `/polls/${mine.id}`],
      ['PATCH', `/polls/${mine.id}`, { question: 'hijacked' }],
      ['POST', `/polls/${mine.id}/close`],
      ['POST', `/polls/${mine.id}/open`],
      ['GET', `/polls/${mine.id}/results`],
      ['GET', `/polls/${mine.id}/ballots.csv`],
      ['DELETE', `/polls/${mine.id}`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await api.admin(method, path, body, keyB);
      assert.equal(res.status, 404, `${method} ${path} with another site's key`);
    }
    const listB = await api.admin('GET', '/polls', undefined, keyB);
    assert.deepEqual(
      listB.body.items.map((p: { id: string }) => p.id),
      [theirs.id],
    );
    const keysB = await api.admin('GET', '/api-keys', undefined, keyB);
    assert.equal(keysB.body.items.length, 1);
    const myKeys = await api.admin('GET', '/api-keys');
    assert.equal((await api.admin('DELETE', `/api-keys/${myKeys.body.items[0].id}`, undefined, keyB)).status, 404);
    assert.equal((await api.admin('GET', '/site', undefined, keyB)).body.name, 'Site B');
    assert.equal((await api.admin('POST', '/sites', { name: 'C' }, keyB)).status, 403, 'only the default site creates sites');
    assert.equal((await api.admin('GET', `/polls/${mine.id}`)).body.question, mine.question);
  });
});
