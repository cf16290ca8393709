import { strict as assert } from 'node:assert';
import { describeOnEachBackend } from '../support/backends';

describeOnEachBackend('admin poll API', (h) => {
  it('creates a poll with its options and reads it back', async () => {
    const { api } = h();
    const res = await api.admin('POST', '/polls', {
      question: '  Which colour?  ',
      description: 'Pick one',
      type: 'multiple',
      maxChoices: 2,
      resultsVisibility: 'after_vote',
      options: [{ label: 'Red' }, { label: 'Green', imageUrl: 'https://example.com/g.png' }, { label: 'Blue' }],
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('location'), `/api/v1/polls/${res.body.id}`);
    assert.equal(res.body.question, 'Which colour?');
    assert.deepEqual(
      res.body.options.map((o: { label: string }) => o.label),
      ['Red', 'Green', 'Blue'],
    );
    assert.ok(res.body.options.every((o: { id: number }) => Number.isInteger(o.id)));
    assert.equal(res.body.options[1].imageUrl, 'https://example.com/g.png');
    assert.equal(res.body.minChoices, 1);
    assert.equal(res.body.maxChoices, 2);
    assert.equal(res.body.phase, 'open');
    const read = await api.admin('GET', `/polls/${res.body.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.options, res.body.options);
    assert.equal(read.body.ballotCount, 0);
  });

  it('refuses invalid polls with 400 and a message naming the field, creating nothing', async () => {
    const { api } = h();
    const before = (await api.admin('GET', '/polls?limit=1')).body.total;
    const cases: [unknown, RegExp][] = [
      [{ options: [{ label: 'a' }, { label: 'b' }] }, /question/],
      [{ question: 'Q', options: [{ label: 'only one' }] }, /options/],
      [{ question: 'Q', type: 'plural', options: [{ label: 'a' }, { label: 'b' }] }, /type/],
      [
        { question: 'Q', type: 'multiple', minChoices: 3, maxChoices: 2, options: [{ label: 'a' }, { label: 'b' }, { label: 'c' }] },
        /minChoices/,
      ],
      [{ question: 'Q', type: 'multiple', maxChoices: 5, options: [{ label: 'a' }, { label: 'b' }] }, /maxChoices/],
      [{ question: 'Q', type: 'single', maxChoices: 2, options: [{ label: 'a' }, { label: 'b' }] }, /single/],
      [{ question: 'Q', options: [{ label: 'a' }, { label: 'A' }] }, /unique/],
      [{ question: 'Q', options: [{ label: 'a' }, { label: 'b', imageUrl: 'javascript:alert(1)' }] }, /imageUrl/],
      [
        { question: 'Q', opensAt: '2027-01-02T00:00:00Z', closesAt: '2027-01-01T00:00:00Z', options: [{ label: 'a' }, { label: 'b' }] },
        /opensAt/,
      ],
      [{ question: 'Q', opensAt: 'tomorrow', options: [{ label: 'a' }, { label: 'b' }] }, /opensAt/],
      [{ question: 'Q', options: [{ label: 'a' }, { label: 'b' }], owner: 'me' }, /unknown field/],
      [{ question: 'x'.repeat(501), options: [{ label: 'a' }, { label: 'b' }] }, /question/],
      [[1, 2], /object/],
    ];
    for (const [body, message] of cases) {
      const res = await api.admin('POST', '/polls', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.body.error.code, 'validation_failed');
      assert.match(res.body.error.message, message);
    }
    assert.equal((await api.admin('GET', '/polls?limit=1')).body.total, before);
  });

  it('lists polls with pagination and filters', async () => {
    const { api } = h();
    const tag = `List-${Date.now()}`;
    for (const type of ['single', 'multiple', 'ranked'] as const) await api.createPoll({ question: `${tag} ${type}`, type });
    await api.createPoll({ question: `${tag} draft`, status: 'draft' });
    const page1 = await api.admin('GET', `/polls?q=${tag}&limit=2&offset=0`);
    assert.equal(page1.status, 200);
    assert.equal(page1.body.total, 4);
    assert.equal(page1.body.items.length, 2);
    const page2 = await api.admin('GET', `/polls?q=${tag}&limit=2&offset=2`);
    const all = [...page1.body.items, ...page2.body.items].map((p: { id: string }) => p.id);
    assert.equal(new Set(all).size, 4, 'pages do not overlap');
    assert.equal((await api.admin('GET', `/polls?q=${tag}&type=ranked`)).body.total, 1);
    assert.equal((await api.admin('GET', `/polls?q=${tag}&status=draft`)).body.total, 1);
    assert.equal((await api.admin('GET', `/polls?limit=500`)).status, 400);
    assert.equal((await api.admin('GET', `/polls?status=weird`)).status, 400);
  });

  it('updates a poll, and freezes options once it has votes', async () => {
    const { api } = h();
    const poll = await api.createPoll({ question: 'Before' });
    const renamed = await api.admin('PATCH', `/polls/${poll.id}`, { question: 'After', allowVoteChange: true });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.question, 'After');
    assert.equal(renamed.body.allowVoteChange, true);
    const reordered = await api.admin('PATCH', `/polls/${poll.id}`, {
      options: [{ id: poll.options[2]!.id, label: 'Cherry' }, { id: poll.options[0]!.id, label: 'Apple' }, { label: 'Durian' }],
    });
    assert.equal(reordered.status, 200);
    assert.deepEqual(
      reordered.body.options.map((o: { label: string }) => o.label),
      ['Cherry', 'Apple', 'Durian'],
    );
    assert.equal(reordered.body.options[0].id, poll.options[2]!.id, 'kept options keep their ids');

    const token = await api.voterToken(poll.id);
    assert.equal((await api.vote(poll.id, token, [reordered.body.options[0].id])).status, 201);
    const frozen = await api.admin('PATCH', `/polls/${poll.id}`, { options: [{ label: 'x' }, { label: 'y' }] });
    assert.equal(frozen.status, 409);
    assert.equal(frozen.body.error.code, 'options_frozen');
    assert.equal((await api.admin('PATCH', `/polls/${poll.id}`, { type: 'multiple' })).status, 409);
    assert.equal((await api.admin('PATCH', `/polls/${poll.id}`, { question: 'Still editable' })).status, 200);
    assert.equal((await api.admin('GET', `/polls/${poll.id}`)).body.options.length, 3);
  });

  it('closes and reopens a poll', async () => {
    const { api } = h();
    const poll = await api.createPoll({ closesAt: new Date(Date.now() + 3_600_000).toISOString() });
    const closed = await api.admin('POST', `/polls/${poll.id}/close`);
    assert.equal(closed.body.phase, 'closed');
    const token = await api.voterToken(poll.id);
    const refused = await api.vote(poll.id, token, [poll.options[0]!.id]);
    assert.equal(refused.status, 409);
    assert.equal(refused.body.error!.code, 'poll_closed');
    const reopened = await api.admin('POST', `/polls/${poll.id}/open`);
    assert.equal(reopened.body.phase, 'open');
    assert.equal((await api.vote(poll.id, token, [poll.options[0]!.id])).status, 201);
  });

  it('deletes a poll with its ballots', async () => {
    const { api } = h();
    const poll = await api.createPoll();
    await api.vote(poll.id, await api.voterToken(poll.id), [poll.options[0]!.id]);
    assert.equal((await api.admin('DELETE', `/polls/${poll.id}`)).status, 204);
    assert.equal((await api.admin('GET', `/polls/${poll.id}`)).status, 404);
    assert.equal((await api.publicPoll(poll.id)).status, 404);
    assert.equal((await api.admin('DELETE', `/polls/${poll.id}`)).status, 404);
  });

  it('requires a valid API key on every admin route', async () => {
    const { api } = h();
    const poll = await api.createPoll();
    const routes: [string, string][] = [
      ['GET', '/polls'],
      ['POST', '/polls'],
      ['PATCH', `/polls/${poll.id}`],
      ['DELETE', `/polls/${poll.id}`],
      ['POST', `/polls/${poll.id}/open`],
      ['POST', `/polls/${poll.id}/close`],
      ['GET', `/polls/${poll.id}/ballots.csv`],
      ['GET', '/api-keys'],
      ['POST', '/api-keys'],
      ['DELETE', '/api-keys/1'],
      ['GET', '/site'],
      ['PATCH', '/site'],
      ['POST', '/sites'],
    ];
    for (const [method, path] of routes) {
      const none = await api.request(method, '/api/v1' + path, { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      assert.equal(none.status, 401, `${method} ${path} without a key`);
      assert.equal(none.body.error.code, 'api_key_required');
      const wrong = await api.admin(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}, 'vw_not_a_real_key_0000000000');
      assert.equal(wrong.status, 401, `${method} ${path} with a wrong key`);
    }
    assert.equal((await api.admin('GET', `/polls/${poll.id}`)).body.id, poll.id);
  });
});
