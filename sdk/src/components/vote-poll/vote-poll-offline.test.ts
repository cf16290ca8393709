import { expect } from '@open-wc/testing';
import type { PendingVote } from '../../client/pending.js';
import type { VoteCastDetail, VoteErrorDetail } from '../../events.js';
import { adminPoll, backendInfo, closePoll, resetProxyCount, setProxy, until } from '../../testing/backend.js';
import { $, $$, html, mount, newPoll, record, text } from '../../testing/fixture.js';
import type { VotePoll } from './vote-poll.component.js';

const PENDING = 'Your vote could not be sent yet: it is saved on this device and will be sent automatically. It is not counted yet.';
const queued = (apiBase: string) => JSON.parse(localStorage.getItem(`votewire:queue:${apiBase}`) ?? '[]') as PendingVote[];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function vote(el: VotePoll, index: number) {
  $$<HTMLInputElement>(el, 'input')[index]!.click();
  await el.updateComplete;
  $<HTMLButtonElement>(el, '[part~=submit]')!.click();
}

/** A page of its own (own modules, own timers) sharing this origin's localStorage: a reload is removing it and adding another. */
async function page(pollId: string, apiBase: string) {
  const frame = document.createElement('iframe');
  const module = new URL('./vote-poll.ts', import.meta.url).href;
  frame.srcdoc = `<!doctype html><html lang="en"><body>
    <vote-poll poll-id="${pollId}" api-base="${apiBase}" no-live></vote-poll>
    <script type="module">import '${module}';</script></body></html>`;
  document.body.append(frame);
  const el = await until(
    () =>
      frame.contentDocument?.querySelector('vote-poll')?.shadowRoot?.querySelector('[aria-busy=false]') &&
      frame.contentDocument.querySelector('vote-poll'),
    'the framed widget',
    10000,
  );
  return { frame, el: el as VotePoll };
}

describe('<vote-poll> votes over a bad network', () => {
  let proxyUrl: string;
  before(async () => ({ proxyUrl } = await backendInfo()));
  beforeEach(async () => {
    localStorage.clear();
    await setProxy(false);
    await resetProxyCount();
  });
  after(() => setProxy(false));

  it('keeps a vote made during an outage, says it is pending, and replays it exactly once', async () => {
    const poll = await newPoll();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${proxyUrl} no-live></vote-poll>`);
    const cast = record<VoteCastDetail>(el, 'vote-cast');
    await setProxy(true);
    await vote(el, 1);
    await until(() => text(el, '#status') === PENDING, 'the pending message');
    await el.updateComplete;
    // The Vote button that had focus is gone: focus is on the message, not dropped to <body>.
    expect(el.shadowRoot!.activeElement?.id).to.equal('status');
    const [stored] = queued(proxyUrl);
    expect(stored).to.include({ pollId: poll.id });
    expect(stored!.optionIds).to.deep.equal([poll.options[1]!.id]);
    expect(stored!.key).to.match(/^[0-9a-f]{32}$/);
    await pause(1500); // at least one retry fails meanwhile
    expect(cast).to.have.length(0);
    expect((await adminPoll(poll.id)).ballotCount).to.equal(0);

    await setProxy(false);
    window.dispatchEvent(new Event('online')); // cuts the back-off wait short
    await until(() => cast.length, 'the replayed vote');
    await el.updateComplete;
    expect(text(el, '#status')).to.equal('Thanks, your vote was counted.');
    await pause(1500); // no second delivery may follow
    expect((await setProxy()).votePosts).to.equal(1);
    expect(cast).to.have.length(1);
    expect((await adminPoll(poll.id)).ballotCount).to.equal(1);
    expect(queued(proxyUrl)).to.deep.equal([]);
  });

  it('keeps a pending vote across a reload and sends it, with the same key, exactly once', async () => {
    const poll = await newPoll();
    const first = await page(poll.id, proxyUrl);
    await setProxy(true);
    await vote(first.el, 2);
    await until(() => text(first.el, '#status') === PENDING, 'the pending message');
    const [stored] = queued(proxyUrl);
    first.frame.remove(); // the page goes away with its timers and requests

    await setProxy(false);
    await setProxy(true); // still down when the new page starts
    const second = await page(poll.id, proxyUrl);
    const cast = record<VoteCastDetail>(second.frame.contentDocument!, 'vote-cast');
    await until(() => text(second.el, '#status') === PENDING, 'the pending vote after the reload');
    await setProxy(false);
    second.frame.contentWindow!.dispatchEvent(new Event('online'));
    await until(() => cast.length, 'the replayed vote');
    expect(cast[0]!.optionIds).to.deep.equal(stored!.optionIds);
    await pause(1500);
    expect((await setProxy()).votePosts).to.equal(1);
    expect((await adminPoll(poll.id)).ballotCount).to.equal(1);
    expect(queued(proxyUrl)).to.deep.equal([]);
    second.frame.remove();
  });

  it('drops a queued vote the server refuses for good, and says why', async () => {
    const poll = await newPoll();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${proxyUrl} no-live></vote-poll>`);
    const errors = record<VoteErrorDetail>(el, 'vote-error');
    await setProxy(true);
    await vote(el, 0);
    await until(() => text(el, '#status') === PENDING, 'the pending message');
    await closePoll(poll.id); // closed while the visitor was offline
    await setProxy(false);
    window.dispatchEvent(new Event('online'));
    await until(() => errors.length, 'vote-error');
    expect(errors[0]).to.include({ code: 'poll_closed', status: 409 });
    await until(() => text(el, '#status') === 'This poll is closed.', 'the closed poll');
    expect(queued(proxyUrl)).to.deep.equal([]);
    expect((await adminPoll(poll.id)).ballotCount).to.equal(0);
  });
});
