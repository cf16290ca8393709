import { expect } from '@open-wc/testing';
import type { PollResults } from '@votewire/wire';
import { socketFor } from '../../client/live-socket.js';
import type { VoteCastDetail, VoteResultsDetail } from '../../events.js';
import { closePoll, until, updatePoll, voteElsewhere } from '../../testing/backend.js';
import { $, $$, apiBase, html, mount, newPoll, record, text } from '../../testing/fixture.js';
import type { VotePoll } from './vote-poll.component.js';

beforeEach(() => localStorage.clear());

/** Switches an unvoted widget to its results view ("See results"). */
async function peek(el: VotePoll) {
  $$<HTMLButtonElement>(el, 'form button')
    .find((b) => b.textContent!.trim() === 'See results')!
    .click();
  await el.updateComplete;
}

/**
 * Waits until a widget's subscription is in place on the shared socket (its listener is attached
 * and the server had time to acknowledge it): the socket itself may have been connected by an
 * earlier test long before.
 */
async function subscribed(base: string) {
  const socket = socketFor(base);
  await until(() => socket.connected && socket.listeners('results').length > 0, 'the subscription');
  await new Promise((r) => setTimeout(r, 200));
  return socket;
}

const counts = (el: Element) => $$(el, '[part~=count]').map((c) => c.textContent);

describe('<vote-poll> live updates', () => {
  it('applies a vote cast elsewhere, in version order, and announces it politely and throttled', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base}></vote-poll>`);
    const results = record<VoteResultsDetail>(el, 'vote-results');
    await peek(el);
    await subscribed(base);

    await voteElsewhere(poll.id, [poll.options[0]!.id]);
    await until(() => results.some((r) => r.results.totalBallots === 1), 'the first live update');
    // The second update can only come from a push: the subscription's snapshot was taken before it.
    await voteElsewhere(poll.id, [poll.options[1]!.id]);
    await until(() => results.some((r) => r.results.totalBallots === 2), 'the second live update');
    await el.updateComplete;
    expect(counts(el)).to.deep.equal(['50% · 1 vote', '50% · 1 vote', '0% · 0 votes']);
    const versions = results.map((r) => r.results.version);
    expect(versions).to.deep.equal([...versions].sort((a, b) => a - b));

    // The live region spoke once for the first change; the second waits for the throttle window.
    const live = $(el, '[aria-live=polite]')!;
    expect(live.textContent).to.equal('Results updated: Apple 100%, Banana 0%, Cherry 0%');
  });

  it('keeps the highest version when messages arrive out of order', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base}></vote-poll>`);
    await peek(el);
    const socket = await subscribed(base);
    const fresh = (await voteElsewhere(poll.id, [poll.options[2]!.id])).body.results!;
    await until(() => text(el, '[part~=total]') === '1 voter', 'the live update');
    const seen = record<VoteResultsDetail>(el, 'vote-results');
    // Replay what a late delivery looks like to the socket's own listeners.
    const deliver = (r: PollResults) => socket.listeners('results').forEach((listener) => listener(r));
    deliver({ ...fresh, version: fresh.version - 1, totalBallots: 0 });
    await el.updateComplete;
    expect(text(el, '[part~=total]'), 'an older version is ignored').to.equal('1 voter');
    expect(seen).to.have.length(0);
    deliver({ ...fresh, version: fresh.version + 1, totalBallots: 7 });
    await el.updateComplete;
    expect(text(el, '[part~=total]'), 'a newer one is applied').to.equal('7 voters');
    expect(seen).to.have.length(1);
  });

  it('takes a fresh snapshot after a reconnect', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base}></vote-poll>`);
    await peek(el);
    const socket = await subscribed(base);
    let snapshots = 0;
    const client = el.client;
    const getPoll = client.getPoll.bind(client);
    client.getPoll = (id) => (snapshots++, getPoll(id));

    // Drop the transport (not a deliberate disconnect), so socket.io reconnects by itself; a vote
    // cast meanwhile is missed by the push and must come from the snapshot.
    socket.io.engine.close();
    await voteElsewhere(poll.id, [poll.options[1]!.id]);
    await until(() => snapshots > 0 && text(el, '[part~=total]') === '1 voter', 'a snapshot after reconnecting', 10000);
    expect(socket.connected).to.equal(true);
  });

  it('switches to the final results when the poll is closed, keeping keyboard focus in the widget', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base}></vote-poll>`);
    await subscribed(base);
    $<HTMLInputElement>(el, 'input')!.focus(); // a voter is choosing when the poll closes
    await closePoll(poll.id);
    await until(() => text(el, '#status') === 'This poll is closed.', 'the closed phase');
    expect(text(el, '[part~=results] h3')).to.equal('Final results');
    // The focused radio is gone: focus moves to the status, not to <body>.
    await until(() => el.shadowRoot!.activeElement?.id === 'status', 'focus on the status');
  });

  it('hides the counts without a reload when the owner hides the results', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base}></vote-poll>`);
    await peek(el);
    await subscribed(base);
    await voteElsewhere(poll.id, [poll.options[0]!.id]);
    await until(() => text(el, '[part~=total]') === '1 voter', 'the live update');
    await updatePoll(poll.id, { resultsVisibility: 'hidden' });
    await until(() => $(el, '[part~=results]') === null, 'the counts to leave the screen');
  });

  it('after_vote: results start flowing once the visitor has voted', async () => {
    const poll = await newPoll({ resultsVisibility: 'after_vote' });
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base}></vote-poll>`);
    expect($(el, '[part~=results]')).to.equal(null);
    expect($$(el, 'form button').map((b) => b.textContent!.trim())).to.deep.equal(['Vote']);
    await subscribed(base);
    const cast = record<VoteCastDetail>(el, 'vote-cast');
    $<HTMLInputElement>(el, 'input')!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part~=submit]')!.click();
    await until(() => cast.length, 'vote-cast');
    await until(() => text(el, '[part~=total]') === '1 voter', 'results after voting');
    await new Promise((r) => setTimeout(r, 300)); // the re-subscription with the voter token
    await voteElsewhere(poll.id, [poll.options[1]!.id]);
    await until(() => text(el, '[part~=total]') === '2 voters', 'a live update after voting');
  });
});
