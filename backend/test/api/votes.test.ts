import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { describeOnEachBackend } from '../support/backends';
import type { PublicPoll } from '@votewire/wire';

for (const mode of ['batched', 'single'])
  describeOnEachBackend(
    `voting API, ${mode} writes`,
    (h) => {
      it('records a vote and answers with a receipt and fresh results', async () => {
        const { api } = h();
        const poll = await api.createPoll();
        const token = await api.voterToken(poll.id);
        const res = await api.vote(poll.id, token, [poll.options[1]!.id]);
        assert.equal(res.status, 201);
        assert.match(res.body.receipt, /^r_/);
        assert.equal(res.body.changed, false);
        assert.equal(res.body.version, 1);
        assert.equal(res.body.results!.totalBallots, 1);
        assert.deepEqual(
          res.body.results!.options.map((o) => o.votes),
          [0, 1, 0],
        );
        assert.deepEqual(
          res.body.results!.options.map((o) => o.percent),
          [0, 100, 0],
        );
        const view = await api.publicPoll(poll.id, token);
        assert.deepEqual(view.body.myVote, { optionIds: [poll.options[1]!.id], receipt: res.body.receipt });
      });

      it('refuses a second ballot from the same voter with 409 already_voted', async () => {
        const { api } = h();
        const poll = await api.createPoll();
        const token = await api.voterToken(poll.id);
        await api.vote(poll.id, token, [poll.options[0]!.id]);
        const again = await api.vote(poll.id, token, [poll.options[1]!.id]);
        assert.equal(again.status, 409);
        assert.equal(again.body.error!.code, 'already_voted');
        const results = await api.results(poll.id, { admin: true });
        assert.deepEqual(
          results.body.options.map((o) => o.votes),
          [1, 0, 0],
        );
        assert.equal(results.body.totalBallots, 1);
      });

      it('replays a retried Idempotency-Key once and refuses the key with another body', async () => {
        const { api } = h();
        const poll = await api.createPoll({ allowVoteChange: true });
        const token = await api.voterToken(poll.id);
        const key = randomUUID();
        const first = await api.vote(poll.id, token, [poll.options[0]!.id], key);
        const retry = await api.vote(poll.id, token, [poll.options[0]!.id], key);
        assert.equal(retry.status, 201);
        assert.equal(retry.headers.get('idempotent-replayed'), 'true');
        assert.equal(retry.body.receipt, first.body.receipt);
        const other = await api.vote(poll.id, token, [poll.options[2]!.id], key);
        assert.equal(other.status, 422);
        assert.equal(other.body.error!.code, 'idempotency_conflict');
        const results = await api.results(poll.id, { admin: true });
        assert.equal(results.body.totalBallots, 1);
        assert.deepEqual(
          results.body.options.map((o) => o.votes),
          [1, 0, 0],
        );
        assert.equal(results.body.version, 1, 'neither the replay nor the refused request moved the version');
      });

      it('counts concurrent retries of one request exactly once', async () => {
        const { api } = h();
        const poll = await api.createPoll();
        const token = await api.voterToken(poll.id);
        const key = randomUUID();
        const replies = await Promise.all(Array.from({ length: 8 }, () => api.vote(poll.id, token, [poll.options[2]!.id], key)));
        assert.deepEqual([...new Set(replies.map((r) => r.status))], [201]);
        assert.equal(new Set(replies.map((r) => r.body.receipt)).size, 1);
        assert.equal((await api.results(poll.id, { admin: true })).body.options[2]!.votes, 1);
      });

      it('moves the counts atomically when a voter changes a vote', async () => {
        const { api } = h();
        const poll = await api.createPoll({ type: 'multiple', maxChoices: 2, allowVoteChange: true });
        const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
        const token = await api.voterToken(poll.id);
        const [firstKey, changeKey, againKey] = [randomUUID(), randomUUID(), randomUUID()];
        const first = await api.vote(poll.id, token, [a, b], firstKey);
        const requests = () =>
          h().server.votewire.db.write('vote_requests').where('poll_id', poll.id).orderBy('id').pluck('idempotency_key');
        assert.deepEqual(await requests(), [], 'a first vote keeps no request record: its ballot holds its key');
        const changed = await api.vote(poll.id, token, [c], changeKey);
        assert.equal(changed.status, 201);
        assert.equal(changed.body.changed, true);
        assert.equal(changed.body.receipt, first.body.receipt, 'a ballot keeps its receipt');
        assert.deepEqual(
          changed.body.results!.options.map((o) => o.votes),
          [0, 0, 1],
        );
        assert.equal(changed.body.results!.totalBallots, 1);
        assert.ok(changed.body.version > first.body.version);
        assert.deepEqual(await requests(), [firstKey, changeKey], 'the change wrote the record of the vote it superseded, and its own');
        const again = await api.vote(poll.id, token, [b], againKey);
        assert.equal(again.body.changed, true);
        assert.deepEqual(await requests(), [firstKey, changeKey, againKey]);

        // Each earlier request's key still replays its own first answer, and changes nothing.
        for (const [key, optionIds, wasChange] of [
          [firstKey, [a, b], false],
          [changeKey, [c], true],
          [againKey, [b], true],
        ] as const) {
          const retry = await api.vote(poll.id, token, [...optionIds], key);
          assert.equal(retry.status, 201);
          assert.equal(retry.headers.get('idempotent-replayed'), 'true');
          assert.deepEqual(retry.body.optionIds, optionIds);
          assert.equal(retry.body.changed, wasChange);
          assert.equal(retry.body.receipt, first.body.receipt);
          const refused = await api.vote(poll.id, token, [a], key);
          assert.equal(refused.status, 422, 'the key with another body');
          assert.equal(refused.body.error!.code, 'idempotency_conflict');
        }
        const results = (await api.results(poll.id, { admin: true })).body;
        assert.deepEqual(
          results.options.map((o) => o.votes),
          [0, 1, 0],
        );
        assert.equal(results.version, again.body.version, 'no replay or refusal moved the version');
        const view = await api.publicPoll(poll.id, token);
        assert.deepEqual(view.body.myVote!.optionIds, [b]);
      });

      it('validates choices against the poll', async () => {
        const { api } = h();
        const poll = await api.createPoll({ type: 'multiple', minChoices: 2, maxChoices: 2 });
        const other = await api.createPoll();
        const ids = poll.options.map((o) => o.id);
        const token = await api.voterToken(poll.id);
        const cases: [unknown, number, string][] = [
          [[ids[0]], 422, 'invalid_choice'],
          [[ids[0], ids[1], ids[2]], 422, 'invalid_choice'],
          [[ids[0], ids[0]], 422, 'invalid_choice'],
          [[ids[0], other.options[0]!.id], 422, 'invalid_choice'],
          [['1', '2'], 400, 'validation_failed'],
          [[], 400, 'validation_failed'],
          ['all', 400, 'validation_failed'],
          [[1.5, 2], 400, 'validation_failed'],
        ];
        for (const [optionIds, status, code] of cases) {
          const res = await api.vote(poll.id, token, optionIds);
          assert.equal(res.status, status, JSON.stringify(optionIds));
          assert.equal(res.body.error!.code, code);
        }
        assert.equal((await api.results(poll.id, { admin: true })).body.totalBallots, 0);
      });

      it('needs a voter token and an idempotency key', async () => {
        const { api } = h();
        const poll = await api.createPoll();
        const body = { optionIds: [poll.options[0]!.id] };
        const noToken = await api.request('POST', `/api/v1/polls/${poll.id}/votes`, { body, headers: { 'Idempotency-Key': randomUUID() } });
        assert.equal(noToken.status, 401);
        const noKey = await api.request('POST', `/api/v1/polls/${poll.id}/votes`, {
          body,
          headers: { 'X-Voter-Token': await api.voterToken(poll.id) },
        });
        assert.equal(noKey.status, 400);
        assert.equal(noKey.body.error.code, 'idempotency_key_required');
        const forged = await api.vote(poll.id, 'v1.abc.0.9999999999.forged', [poll.options[0]!.id]);
        assert.equal(forged.status, 401);
        assert.equal(forged.body.error!.code, 'invalid_voter_token');
      });

      it('enforces the schedule: not before opensAt, not after closesAt, not drafts', async () => {
        const { api } = h();
        const later = await api.createPoll({ opensAt: new Date(Date.now() + 3_600_000).toISOString() });
        const ended = await api.createPoll({ closesAt: new Date(Date.now() + 1500).toISOString() });
        const draft = await api.createPoll({ status: 'draft' });
        const early = await api.vote(later.id, await api.voterToken(later.id), [later.options[0]!.id]);
        assert.equal(early.status, 409);
        assert.equal(early.body.error!.code, 'poll_not_open');
        assert.equal((await api.publicPoll(later.id)).body.phase, 'scheduled');
        await new Promise((r) => setTimeout(r, 1600));
        const late = await api.vote(ended.id, await api.voterToken(ended.id), [ended.options[0]!.id]);
        assert.equal(late.status, 409);
        assert.equal(late.body.error!.code, 'poll_closed');
        assert.equal((await api.vote(draft.id, await api.voterToken(draft.id), [draft.options[0]!.id])).status, 404);
        assert.equal((await api.publicPoll(draft.id)).status, 404);
      });

      it('records ranked ballots in order and reports runoff rounds', async () => {
        const { api } = h();
        const poll = await api.createPoll({ type: 'ranked' });
        const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
        const ballots = [
          [a, b, c],
          [a, c],
          [b, c, a],
          [c, b],
          [c, b],
        ];
        for (const ballot of ballots) assert.equal((await api.vote(poll.id, await api.voterToken(poll.id), ballot)).status, 201);
        const results = await api.results(poll.id);
        assert.deepEqual(
          results.body.options.map((o) => o.votes),
          [2, 1, 2],
          'first preferences',
        );
        const rounds = results.body.rounds!;
        assert.deepEqual(rounds[0]!.eliminated, [b]);
        assert.deepEqual(rounds.at(-1)!.winnerIds, [c]);
      });

      it('refuses votes from origins the site does not allow, and accepts allowed ones', async () => {
        const { api } = h();
        const poll = await api.createPoll();
        const token = await api.voterToken(poll.id);
        const refused = await api.vote(poll.id, token, [poll.options[0]!.id], randomUUID(), { Origin: 'https://evil.example' });
        assert.equal(refused.status, 403);
        assert.equal(refused.body.error!.code, 'origin_not_allowed');
        assert.equal(refused.headers.get('access-control-allow-origin'), 'https://evil.example', 'the page can read why');
        await api.admin('PATCH', '/site', { allowedOrigins: ['https://news.example'] });
        const allowed = await api.vote(poll.id, token, [poll.options[0]!.id], randomUUID(), { Origin: 'https://news.example' });
        assert.equal(allowed.status, 201);
      });

      it("says in the public poll read whether the page's origin may vote, before any vote", async () => {
        const { api } = h();
        const poll = await api.createPoll();
        const read = (origin?: string) =>
          api.request<PublicPoll>('GET', `/api/v1/polls/${poll.id}`, { headers: origin ? { Origin: origin } : {} });
        await api.admin('PATCH', '/site', { allowedOrigins: ['https://news.example'] });
        const refused = await read('https://evil.example');
        assert.equal(refused.status, 200);
        assert.equal(refused.body.originAllowed, false);
        assert.equal(refused.body.question, poll.question, 'the poll itself is still readable');
        assert.equal((await read('https://news.example')).body.originAllowed, true);
        assert.equal((await read()).body.originAllowed, true, 'no Origin header: not a browser page');
      });

      it('binds a voter token to its poll: refused on another poll of any site with 403 voter_token_wrong_poll', async () => {
        const { api } = h();
        const poll = await api.createPoll();
        const sibling = await api.createPoll();
        const created = await api.admin('POST', '/sites', { name: 'Other site' });
        assert.equal(created.status, 201);
        const otherPoll = await api.createPoll({}, created.body.apiKey.key);
        for (const foreign of [sibling, otherPoll]) {
          const token = await api.voterToken(foreign.id);
          const res = await api.vote(poll.id, token, [poll.options[0]!.id]);
          assert.equal(res.status, 403);
          assert.equal(res.body.error!.code, 'voter_token_wrong_poll');
          assert.equal((await api.vote(foreign.id, token, [foreign.options[0]!.id])).status, 201);
        }
        assert.equal((await api.results(poll.id, { admin: true })).body.totalBallots, 0);
      });

      it('refuses to mint a token without a poll id', async () => {
        const res = await h().api.request('POST', '/api/v1/voter-tokens', { body: {} });
        assert.equal(res.status, 400);
        assert.equal(res.body.error.code, 'validation_failed');
      });

      it('gives each of many concurrent votes its own outcome, and tallies equal ballots', async function () {
        this.timeout(60_000);
        const { api } = h();
        const poll = await api.createPoll({ type: 'multiple', maxChoices: 2 });
        const [a, b, c] = poll.options.map((o) => o.id) as [number, number, number];
        const voters = await Promise.all(Array.from({ length: 120 }, () => api.voterToken(poll.id)));
        const keys = voters.map(() => randomUUID());
        const requests = voters.flatMap((token, i) => {
          const choice = i % 3 === 0 ? [a] : i % 3 === 1 ? [b, c] : [c];
          const same = api.vote(poll.id, token, choice, keys[i]);
          // Every fifth voter also retries the same request, and every seventh tries a second ballot.
          const extra = [];
          if (i % 5 === 0) extra.push(api.vote(poll.id, token, choice, keys[i]));
          if (i % 7 === 0) extra.push(api.vote(poll.id, token, [a, b]));
          return [same, ...extra];
        });
        const replies = await Promise.all(requests);
        const accepted = replies.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') !== 'true');
        const replayed = replies.filter((r) => r.headers.get('idempotent-replayed') === 'true');
        const alreadyVoted = replies.filter((r) => r.status === 409 && r.body.error!.code === 'already_voted');
        assert.equal(accepted.length + replayed.length + alreadyVoted.length, replies.length, 'no other outcomes');
        assert.equal(accepted.length, 120 + 0, 'one ballot per voter');
        assert.equal(new Set(accepted.map((r) => r.body.receipt)).size, 120);
        const results = (await api.results(poll.id, { admin: true })).body;
        assert.equal(results.totalBallots, 120);
        // Whichever of a voter's two ballots arrived first won; the tallies must match the winners.
        const expected: Record<number, number> = { [a]: 0, [b]: 0, [c]: 0 };
        for (const r of accepted) for (const id of r.body.optionIds) expected[id]!++;
        assert.deepEqual(Object.fromEntries(results.options.map((o) => [o.id, o.votes])), expected);
        // Versions order the answers: the newest one a voter was given is the final state, and no
        // two answers show one version with different counts.
        const byVersion = new Map<number, string>();
        for (const r of accepted) {
          const counts = JSON.stringify(r.body.results!.options.map((o) => o.votes));
          assert.equal(byVersion.get(r.body.version) ?? counts, counts, `version ${r.body.version} with two different counts`);
          byVersion.set(r.body.version, counts);
        }
        const newest = Math.max(...byVersion.keys());
        assert.equal(newest, results.version);
        assert.equal(byVersion.get(newest), JSON.stringify(results.options.map((o) => o.votes)));
        if (mode === 'batched' && h().kind === 'mariadb') {
          // Batches of new voters took the one-round-trip path; batches with a retry or a second
          // ballot tripped a unique index there and were rolled back and applied carefully.
          const metrics = await (await fetch(`${h().server.url}/metrics`)).text();
          const batches = (path: string) =>
            Number(new RegExp(`votewire_vote_batch_size_count\\{[^}]*path="${path}"[^}]*\\} (\\d+)`).exec(metrics)?.[1] ?? 0);
          assert.ok(batches('one-trip') > 0, 'some batches in one round trip');
          assert.ok(batches('careful') > 0, 'some batches rolled back and applied carefully');
        }
      });
    },
    { VOTEWIRE_WRITE_MODE: mode },
  );
