import { expect } from '@open-wc/testing';
import type { VoteResponse } from '@votewire/wire';
import { createIdentityKey, setProofOfWork, signIdentity, until, voteElsewhere } from '../../testing/backend.js';
import { $, $$, apiBase, html, mount, newPoll, record, text } from '../../testing/fixture.js';
import type { VotePoll } from './vote-poll.component.js';

beforeEach(() => localStorage.clear());

const loaded = (chunk: RegExp) => performance.getEntriesByType('resource').some((e) => chunk.test(e.name));

/** Picks the first option, submits, and waits until the widget says how it went. */
async function voteFirst(el: VotePoll): Promise<string> {
  $$<HTMLInputElement>(el, 'input')[0]!.click();
  await el.updateComplete;
  $<HTMLButtonElement>(el, '[part~=submit]')!.click();
  await until(() => text(el, '#status, .error'), 'the answer to the vote', 15000);
  return text(el, '#status, .error');
}

describe('<vote-poll> voter policies', () => {
  afterEach(() => setProofOfWork({ enabled: false, difficulty: 50_000 }));

  it('browser: says one vote per device and, with proof of work on, votes after solving it in a worker', async () => {
    await setProofOfWork({ enabled: true, difficulty: 50_000 });
    const poll = await newPoll();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(el, '[part~=policy]')).to.equal('One vote per device.');
    expect(loaded(/proof-of-work/), 'no solver before it is needed').to.equal(false);
    const cast = record<VoteResponse>(el, 'vote-cast');
    expect(await voteFirst(el)).to.equal('Thanks, your vote was counted.');
    expect(cast).to.have.length(1);
    expect(loaded(/proof-of-work/), 'the solver chunk').to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('ip: says one vote per network and refuses a second voter on the same address, saying why', async () => {
    const poll = await newPoll({ voterPolicy: 'ip', maxBallotsPerIp: 1 });
    expect((await voteElsewhere(poll.id, [poll.options[1]!.id])).status, 'the first voter on this address').to.equal(201);
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(el, '[part~=policy]')).to.equal('One vote per network.');
    const errors = record<{ code: string }>(el, 'vote-error');
    expect(await voteFirst(el)).to.equal('No more votes are accepted from your network (internet connection) in this poll.');
    expect(errors.map((e) => e.code)).to.deep.equal(['ip_limit_reached']);
  });

  it('ip: speaks of several votes per network when the poll allows them, in the page language', async () => {
    const poll = await newPoll({ voterPolicy: 'ip', maxBallotsPerIp: 5 });
    const el = await mount(html`<vote-poll lang="de" poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(el, '[part~=policy]')).to.equal('Bis zu 5 Stimmen pro Netzwerk.');
  });

  it('site_user: without an identity it asks the visitor to sign in and offers no ballot', async () => {
    const poll = await newPoll({ voterPolicy: 'site_user' });
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(el, '#status')).to.equal('Sign in to vote.');
    expect($(el, 'form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('site_user: votes with the identity the host page passes; the same user with a fresh token is refused', async () => {
    const poll = await newPoll({ voterPolicy: 'site_user' });
    const key = await createIdentityKey();
    const identity = await signIdentity(key, 'user-42');
    const first = await mount(
      html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} voter-identity=${identity} no-live></vote-poll>`,
    );
    expect(text(first, '[part~=policy]')).to.equal('One vote per member of this site.');
    expect(await voteFirst(first)).to.equal('Thanks, your vote was counted.');
    first.remove();

    localStorage.clear();
    const again = await mount(
      html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} voter-identity=${identity} no-live></vote-poll>`,
    );
    const errors = record<{ code: string }>(again, 'vote-error');
    await voteFirst(again);
    expect(errors.map((e) => e.code)).to.deep.equal(['already_voted']);
    // The server's answer brings back this user's earlier ballot.
    await until(() => text(again, '#status') === 'Thanks, your vote was counted.', 'the earlier vote');
  });

  it('site_user: an identity the server cannot verify is explained, not swallowed', async () => {
    const poll = await newPoll({ voterPolicy: 'site_user' });
    const key = await createIdentityKey();
    const forged = await signIdentity({ ...key, id: `${key.id}x` }, 'user-7');
    const el = await mount(
      html`<vote-poll lang="fr" poll-id=${poll.id} api-base=${await apiBase()} voter-identity=${forged} no-live></vote-poll>`,
    );
    const errors = record<{ code: string }>(el, 'vote-error');
    expect(await voteFirst(el)).to.equal('Votre connexion n’a pas pu être confirmée. Rechargez la page ou reconnectez-vous.');
    expect(errors.map((e) => e.code)).to.deep.equal(['identity_unknown_key']);
  });
});
