import { expect, fixture } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { until } from '../../testing/backend.js';
import { $, $$, apiBase, html, mount, newPoll } from '../../testing/fixture.js';
import type { VotePoll } from './vote-poll.component.js';

const scheme = (el: Element, selector: string) => getComputedStyle($(el, selector)!).colorScheme;

describe('<vote-poll> layout on any page', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light' }));

  it('turns native radios and checkboxes dark with the dark theme, and with auto on a dark system', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const light = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    const dark = await mount(html`<vote-poll theme="dark" poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    const auto = await mount(html`<vote-poll theme="auto" poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    expect(scheme(light, 'input')).to.equal('light');
    expect(scheme(dark, 'input')).to.equal('dark');
    expect(scheme(auto, 'input')).to.equal('light dark');
    await emulateMedia({ colorScheme: 'dark' });
    expect(getComputedStyle($(auto, 'section')!).backgroundColor).to.equal('rgb(30, 31, 34)');
  });

  it('mirrors its spacing on right-to-left pages', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const host = await fixture<HTMLElement>(
      html`<div dir="rtl" lang="ar"><vote-poll poll-id=${poll.id} api-base=${base} no-live></vote-poll></div>`,
    );
    const el = host.querySelector('vote-poll') as VotePoll;
    const button = await until(() => $(el, '[part~=submit]'), 'the form');
    const style = getComputedStyle(button);
    expect(style.marginLeft, 'the gap is on the side the next button is on').to.not.equal('0px');
    expect(style.marginRight).to.equal('0px');
  });

  it('keeps "10% · 1 vote" on one line at 320 px', async () => {
    const poll = await newPoll({
      options: [{ label: 'A rather long option label that takes most of a narrow phone screen' }, { label: 'B' }],
    });
    const el = await mount(
      html`<div style="width: 320px"><vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll></div>`,
    );
    $$<HTMLButtonElement>(el, 'button')
      .find((b) => b.textContent!.includes('See results'))!
      .click();
    const count = await until(() => $(el, '[part~=count]'), 'the results');
    const range = document.createRange();
    range.selectNodeContents(count);
    const lineTops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    expect(lineTops.size, `"${count.textContent}" on one line`).to.equal(1);
  });

  it('reserves the space of a typical poll while it loads', async () => {
    const poll = await newPoll();
    const el = await fixture<VotePoll>(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    const loading = el.getBoundingClientRect().height;
    await until(() => $(el, 'form'), 'the form');
    await el.updateComplete;
    const loaded = el.getBoundingClientRect().height;
    // Before: about 60 px growing to 330 px. A three-option poll now moves the page by a line at most.
    expect(Math.abs(loaded - loading), `loading ${loading} px, loaded ${loaded} px`).to.be.below(30);
  });

  it('reserves the size of option images before they arrive', async () => {
    const poll = await newPoll({
      options: [
        { label: 'Apple', imageUrl: 'https://images.invalid/apple.png' },
        { label: 'Banana', imageUrl: 'https://images.invalid/banana.png' },
        { label: 'Cherry', imageUrl: 'https://images.invalid/cherry.png' },
      ],
    });
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    const image = $(el, 'img')!;
    expect(image.getBoundingClientRect().height, 'an image that never loads still has its size').to.be.above(30);
  });
});
