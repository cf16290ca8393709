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
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
    const res = await api.request('GET', '/metrics');
    assert.equal(res.status, 200);
    const text = res.body as string;
    assert.match(text, /votewire_http_requests_total\{[^}]*route="\/api\/v1\/polls\/:id\/votes"[^}]*status="201"[^}]*\} 1/);
    assert.match(text, /votewire_votes_total\{[^}]*outcome="accepted"[^}]*\} 1/);
    assert.match(text, /votewire_socket_connections\{[^}]*\} 0/);
    assert.match(text, /votewire_db_pool_connections/);
  });

  it('answers anonymous reads of a hot poll from the cache, without a database read', async function () {
    const { api, kind } = h();
    if (kind === 'sqlite') this.skip(); // one file, no read pool to count
    const poll = await api.createPoll();
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]); // the commit fills the cache
    const reads = async () =>
      Number(
        /votewire_db_reads_total\{[^}]*server="primary"[^}]*\} (\d+)/.exec((await api.request('GET', '/metrics')).body as string)?.[1] ?? 0,
      );
    const before = await reads();
    for (let i = 0; i < 5; i++) {
      const res = await api.publicPoll(poll.id);
      assert.equal(res.status, 200);
      assert.equal(res.body.results!.totalBallots, 1);
    }
    assert.equal(await reads(), before, 'no read went to the database');
    // A voter's view still looks up the voter's own ballot.
    await api.publicPoll(poll.id, await api.voterToken(poll.id));
    assert.ok((await reads()) > before, 'the voter view read the database');
  });
});
