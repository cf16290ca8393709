import { strict as assert } from 'node:assert';
import { describeOnEachBackend } from '../support/backends';

describeOnEachBackend('operations endpoints', (h) => {
  it('answers /healthz and /readyz with the instance and database state', async () => {
    const { api, kind } = h();
    const health = await api.request('GET', '/healthz');
    assert.deepEqual(health.body, { status: 'ok', instance: 'backend_1' });
    const ready = await api.request('GET', '/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.primary, 'up');
    assert.equal(ready.body.database, kind === 'sqlite' ? 'sqlite' : 'mysql');
  });

  it('exports Prometheus metrics for requests, votes and sockets', async () => {
    const { api } = h();
    const poll = await api.createPoll();
    await api.vote(poll.id, await api.voterToken(), [poll.options[0]!.id]);
    const res = await api.request('GET', '/metrics');
    assert.equal(res.status, 200);
    const text = res.body as string;
    assert.match(text, /votewire_http_requests_total\{[^}]*route="\/api\/v1\/polls\/:id\/votes"[^}]*status="201"[^}]*\} 1/);
    assert.match(text, /votewire_votes_total\{[^}]*outcome="accepted"[^}]*\} 1/);
    assert.match(text, /votewire_socket_connections\{[^}]*\} 0/);
    assert.match(text, /votewire_db_pool_connections/);
  });
});
