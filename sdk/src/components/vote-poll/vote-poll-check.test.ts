import { expect } from '@open-wc/testing';
import { lieAboutLog, until, voteElsewhere } from '../../testing/backend.js';
import { $, $$, apiBase, html, mount, newPoll, text } from '../../testing/fixture.js';
import type { VotePoll } from './vote-poll.component.js';

beforeEach(() => localStorage.clear());
afterEach(() => lieAboutLog(null));

/** Votes for the option at `index` in the mounted widget and waits for the thanks. */
async function vote(el: VotePoll, index: number): Promise<void> {
  $$<HTMLInputElement>(el, 'input')[index]!.click();
  await el.updateComplete;
  $<HTMLButtonElement>(el, '[part~=submit]')!.click();
  await until(() => $(el, '[part~=check]'), 'the check button');
}

/** Clicks "Check my vote is counted" and waits for what the check found. */
async function check(el: VotePoll): Promise<string> {
  const button = $<HTMLButtonElement>(el, '[part~=check]')!;
  expect(button.textContent!.trim()).to.equal('Check my vote is counted');
  const before = text(el, '[part~=check-result]');
  button.click();
  return until(
    () => {
      const now = text(el, '[part~=check-result]');
      return now && now !== before && !now.startsWith('Checking') && now;
    },
    'the check to finish',
    15000,
  );
}

describe('<vote-poll> checks the vote in the signed ballot log', () => {
  it('verifies the ballot in the browser, says what it checked, and later proves the log only grew', async () => {
    const poll = await newPoll({ allowVoteChange: true });
    for (const i of [0, 2, 2]) await voteElsewhere(poll.id, [poll.options[i]!.id]);
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    await vote(el, 1);
    const region = $(el, '[part~=check-result]')!;
    expect(region.getAttribute('role')).to.equal('status');

    expect(await check(el)).to.match(/^Verified: your ballot \(Banana\) is entry 3 of 4 in this poll’s log, signed by key [0-9a-f]{8}…\.$/);
    await expect(el).to.be.accessible();

    // A reload with the voter's myVote offers the check again; the earlier head is remembered.
    await voteElsewhere(poll.id, [poll.options[0]!.id]);
    const again = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    await until(() => $(again, '[part~=check]'), 'the check button after a reload');
    expect(await check(again)).to.match(
      /^Verified: your ballot \(Banana\) is entry 3 of 5 .* The log only grew since this device last checked it, at 4 entries\.$/,
    );
  });

  it('fails, saying so, when the server serves a wrong inclusion proof or a wrong tree head', async () => {
    const poll = await newPoll();
    await voteElsewhere(poll.id, [poll.options[0]!.id]);
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    await vote(el, 2);

    await lieAboutLog('proof');
    expect(await check(el)).to.equal('Check failed: the server’s proof does not match its signed log.');
    await lieAboutLog('head');
    expect(await check(el)).to.equal('Check failed: the server’s log is not signed by its published key.');
    await lieAboutLog(null);
    expect(await check(el)).to.match(/^Verified: your ballot \(Cherry\) is entry 1 of 2/);
  });

  it('fails when the log does not extend the head this device verified before', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    await vote(el, 0);
    expect(await check(el)).to.match(/^Verified/);
    const key = `votewire:log-head:${base}:${poll.id}`;
    const seen = JSON.parse(localStorage.getItem(key)!) as { treeSize: number; rootHash: string };
    expect(seen.treeSize).to.equal(1);
    // What this device remembers is a log the server no longer serves (as if it had been rewritten).
    localStorage.setItem(key, JSON.stringify({ ...seen, rootHash: 'ab'.repeat(32) }));
    await voteElsewhere(poll.id, [poll.options[1]!.id]);
    expect(await check(el)).to.equal('Check failed: the server’s log does not extend the one this device checked before.');
    // Or a longer log than the server now has: it lost entries, and can prove nothing.
    localStorage.setItem(key, JSON.stringify({ treeSize: 50, rootHash: 'ab'.repeat(32) }));
    const reloaded = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    await until(() => $(reloaded, '[part~=check]'), 'the check button after a reload');
    expect(await check(reloaded)).to.equal('Check failed: the server’s log does not extend the one this device checked before.');
  });

  it('says the check opens when the results are published, while they are hidden', async () => {
    const poll = await newPoll({ resultsVisibility: 'after_close' });
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    await vote(el, 0);
    expect(await check(el)).to.equal('The check opens when the results are published.');
  });

  it('speaks the page’s language', async () => {
    const poll = await newPoll();
    const el = await mount(html`<vote-poll lang="fr" poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    await vote(el, 0);
    const button = $<HTMLButtonElement>(el, '[part~=check]')!;
    expect(button.textContent!.trim()).to.equal('Vérifier que mon vote est compté');
    button.click();
    await until(() => text(el, '[part~=check-result]').startsWith('Vérifié'), 'the French verdict', 15000);
    expect(text(el, '[part~=check-result]')).to.match(/^Vérifié : votre bulletin \(Apple\) est l’entrée 0 sur 1/);
  });
});
