import { strict as assert } from 'node:assert';
import { describeOnEachBackend } from '../support/backends';

describeOnEachBackend('results and visibility over HTTP', (h) => {
  it('always: everyone sees counts, before and after voting', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'always' });
    const view = await api.publicPoll(poll.id);
    assert.equal(view.body.results!.totalBallots, 0);
    assert.equal((await api.results(poll.id)).status, 200);
  });

  it('after_vote: hidden until this voter votes, then shown; shown to all once closed', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'after_vote' });
    const voter = await api.voterToken(poll.id);
    const bystander = await api.voterToken(poll.id);
    assert.equal((await api.publicPoll(poll.id, voter)).body.results, null);
    const hidden = await api.results(poll.id, { token: voter });
    assert.equal(hidden.status, 403);
    assert.equal(hidden.body.error!.code, 'results_hidden');
    const vote = await api.vote(poll.id, voter, [poll.options[0]!.id]);
    assert.equal(vote.body.results!.totalBallots, 1, 'the vote response carries results');
    assert.equal((await api.publicPoll(poll.id, voter)).body.results!.totalBallots, 1);
    assert.equal((await api.results(poll.id, { token: voter })).status, 200);
    assert.equal((await api.results(poll.id, { token: bystander })).status, 403);
    await api.admin('POST', `/polls/${poll.id}/close`);
    assert.equal((await api.results(poll.id, { token: bystander })).status, 200);
  });

  it('after_close: nobody but the admin sees counts until the poll closes', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'after_close' });
    const voter = await api.voterToken(poll.id);
    const vote = await api.vote(poll.id, voter, [poll.options[1]!.id]);
    assert.equal(vote.status, 201);
    assert.equal(vote.body.results, null, 'the vote response hides counts too');
    assert.equal(vote.body.version, undefined, 'the version counts ballots: it is hidden with them');
    assert.equal((await api.results(poll.id, { token: voter })).status, 403);
    assert.equal((await api.results(poll.id, { admin: true })).body.options[1]!.votes, 1);
    await api.admin('POST', `/polls/${poll.id}/close`);
    assert.equal((await api.results(poll.id)).body.options[1]!.votes, 1);
  });

  it('hidden: only the admin ever sees counts', async () => {
    const { api } = h();
    const poll = await api.createPoll({ resultsVisibility: 'hidden' });
    const voter = await api.voterToken(poll.id);
    await api.vote(poll.id, voter, [poll.options[0]!.id]);
    await api.admin('POST', `/polls/${poll.id}/close`);
    assert.equal((await api.results(poll.id, { token: voter })).status, 403);
    assert.equal((await api.publicPoll(poll.id, voter)).body.results, null);
    assert.equal((await api.results(poll.id, { admin: true })).body.totalBallots, 1);
  });

  it('computes percentages of ballots (multiple choice may add up to more than 100)', async () => {
    const { api } = h();
    const poll = await api.createPoll({ type: 'multiple', maxChoices: 3 });
    const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
    for (const choice of [[a, b], [a], [a, c]]) await api.vote(poll.id, await api.voterToken(poll.id), choice);
    const results = (await api.results(poll.id)).body;
    assert.equal(results.totalBallots, 3);
    assert.deepEqual(
      results.options.map((o) => o.votes),
      [3, 1, 1],
    );
    assert.deepEqual(
      results.options.map((o) => o.percent),
      [100, 33.3, 33.3],
    );
  });

  it('exports anonymised ballots as CSV, defusing spreadsheet formulas', async () => {
    const { api } = h();
    const poll = await api.createPoll({
      type: 'ranked',
      options: [{ label: '=SUM(A1)' }, { label: 'Plain, with comma' }, { label: 'Third' }],
    });
    const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
    await api.vote(poll.id, await api.voterToken(poll.id), [b, a]);
    await api.vote(poll.id, await api.voterToken(poll.id), [c]);
    const res = await api.request('GET', `/api/v1/polls/${poll.id}/ballots.csv`, { key: api.adminKey });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/csv/);
    assert.match(res.headers.get('content-disposition')!, /attachment; filename="poll-.*-ballots.csv"/);
    const lines = (res.body as string).trim().split('\r\n');
    assert.equal(lines[0], 'ballot,submitted_at,choices,option_ids');
    assert.equal(lines.length, 3);
    assert.match(lines[1]!, /^1,\d{4}-\d\d-\d\dT[^,]+,"Plain, with comma > =SUM\(A1\)",/);
    assert.doesNotMatch(res.body as string, /,=SUM/, 'no cell starts with =');
    assert.match(lines[2]!, new RegExp(`^2,[^,]+,Third,${c}$`));
  });
});
