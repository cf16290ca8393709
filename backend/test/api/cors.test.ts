import { strict as assert } from 'node:assert';
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
});
