import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { describeOnEachBackend } from '../support/backends';

describeOnEachBackend('CORS for the widget', (h) => {
  it('lets a page on another origin fetch a proof-of-work challenge, as the widget does before minting', async () => {
    const { api } = h();
    const poll = await api.createPoll();
    const origin = 'https://embedding-site.example';
    const res = await api.request('GET', `/api/v1/voter-tokens/challenge?pollId=${poll.id}`, { headers: { Origin: origin } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    assert.equal(typeof res.body.challenge, 'string');
  });

  it("lets a page on another origin read a poll's ballot log and its proofs, as the widget's check does", async () => {
    const { api } = h();
    const poll = await api.createPoll();
    const token = await api.voterToken(poll.id);
    const { receipt } = (await api.vote(poll.id, token, [poll.options[0]!.id])).body;
    const commitment = createHash('sha256').update(receipt, 'utf8').digest('hex');
    const origin = 'https://embedding-site.example';
    const base = `/api/v1/polls/${poll.id}/log`;
    for (const path of [
      '/api/v1/log-keys',
      base,
      `${base}/entries?start=0&end=0`,
      `${base}/inclusion?commitment=${commitment}&treeSize=1`,
      `${base}/consistency?first=1&second=1`,
    ]) {
      const preflight = await fetch(`${h().server.url}${path}`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-voter-token' },
      });
      assert.equal(preflight.status, 204, path);
      assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-Voter-Token/, path);
      const res = await api.request('GET', path, { headers: { Origin: origin, 'X-Voter-Token': token } });
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('access-control-allow-origin'), origin, path);
    }
  });
});
