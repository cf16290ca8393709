import { expect } from '@open-wc/testing';
import { VotewireClient } from './votewire-client.js';
import { VotewireError } from './errors.js';
import { createIdentityKey, signIdentity, until } from '../testing/backend.js';
import { apiBase, newPoll } from '../testing/fixture.js';

describe('VotewireClient against the real API', () => {
  let client: VotewireClient;
  beforeEach(async () => {
    localStorage.clear();
    client = new VotewireClient({ apiBase: `${await apiBase()}/` });
  });

  it('gets and keeps one voter token per poll', async () => {
    const [poll, other] = [await newPoll(), await newPoll()];
    expect(client.storedToken(poll.id)).to.equal(null);
    const [a, b] = await Promise.all([client.voterToken(poll.id), client.voterToken(poll.id)]);
    expect(a).to.be.a('string').and.equal(b);
    expect(new VotewireClient(client.apiBase).storedToken(poll.id), 'kept across instances (and reloads)').to.equal(a);
    expect(client.storedToken(other.id), 'another poll has none yet').to.equal(null);
    expect(await client.voterToken(other.id))
      .to.be.a('string')
      .and.not.equal(a);
  });

  it('mints site_user tokens with the identity, one per signed-in visitor, and says when one is missing', async () => {
    const poll = await newPoll({ voterPolicy: 'site_user' });
    const refused = await client.vote(poll.id, [poll.options[0]!.id]).catch((e: unknown) => e as VotewireError);
    expect(refused).to.include({ code: 'identity_required', status: 403 });

    const key = await createIdentityKey();
    client.voterIdentity = await signIdentity(key, 'ada');
    await client.vote(poll.id, [poll.options[0]!.id]);
    const ada = client.storedToken(poll.id);
    expect(ada, 'kept for this visitor').to.be.a('string');
    client.voterIdentity = await signIdentity(key, 'grace');
    expect(client.storedToken(poll.id), 'not handed to another visitor').to.equal(null);
    await client.vote(poll.id, [poll.options[1]!.id]);
    expect((await client.getResults(poll.id)).totalBallots).to.equal(2);
  });

  it('answers a repeated idempotency key with the first answer, and counts it once', async () => {
    const poll = await newPoll();
    const key = 'client-test-key-0001';
    const first = await client.vote(poll.id, [poll.options[0]!.id], key);
    const again = await client.vote(poll.id, [poll.options[0]!.id], key);
    expect(again.receipt).to.equal(first.receipt);
    expect((await client.getResults(poll.id)).totalBallots).to.equal(1);
    const mine = await client.getPoll(poll.id);
    expect(mine.myVote?.optionIds).to.deep.equal([poll.options[0]!.id]);
  });

  it('rejects with the API error code and status', async () => {
    const poll = await newPoll({ resultsVisibility: 'hidden' });
    const hidden = await client.getResults(poll.id).catch((e: unknown) => e);
    expect(hidden).to.be.instanceOf(VotewireError);
    expect((hidden as VotewireError).status).to.equal(403);
    const missing = await client.getPoll('nope').catch((e: unknown) => e as VotewireError);
    expect(missing).to.include({ code: 'poll_not_found', status: 404 });
    const invalid = await client.vote(poll.id, [999999]).catch((e: unknown) => e as VotewireError);
    expect(invalid).to.include({ code: 'invalid_choice', status: 422 });
  });

  it('casts a persisted vote and subscribes to live results', async () => {
    const poll = await newPoll();
    const updates: number[] = [];
    const sub = await client.subscribe(poll.id, {
      results: (r) => updates.push(r.totalBallots),
      phase: () => {},
      reconnected: () => {},
    });
    try {
      const answer = await client.castVote(poll.id, [poll.options[2]!.id]);
      expect(answer.optionIds).to.deep.equal([poll.options[2]!.id]);
      expect(client.pendingVote(poll.id)).to.equal(null);
      await until(() => updates.includes(1), 'the live result of our own vote');
    } finally {
      sub.close();
    }
  });
});
