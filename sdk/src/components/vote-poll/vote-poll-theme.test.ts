import { expect } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { until } from '../../testing/backend.js';
import { $, $$, apiBase, html, mount, newPoll } from '../../testing/fixture.js';

const background = (el: Element) => getComputedStyle($(el, 'section')!).backgroundColor;

describe('<vote-poll> on any host page', () => {
  afterEach(() => emulateMedia({ colorScheme: 'light', reducedMotion: 'no-preference' }));

  it('is light by default, dark with theme="dark", and follows the system with theme="auto"', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const light = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    expect(background(light)).to.equal('rgb(255, 255, 255)');
    const dark = await mount(html`<vote-poll theme="dark" poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    expect(background(dark)).to.equal('rgb(30, 31, 34)');
    const auto = await mount(html`<vote-poll theme="auto" poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    expect(background(auto)).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ colorScheme: 'dark' });
    expect(background(auto)).to.equal('rgb(30, 31, 34)');
  });

  it('takes the site’s custom properties and ::part() rules, in any theme', async () => {
    const poll = await newPoll();
    const style = document.createElement('style');
    style.textContent = 'vote-poll.branded::part(submit) { text-transform: uppercase; }';
    document.head.append(style);
    try {
      const el = await mount(
        html`<vote-poll
          class="branded"
          theme="dark"
          style="--vote-poll-bg: rgb(1, 2, 3); --vote-poll-accent: rgb(200, 0, 0)"
          poll-id=${poll.id}
          api-base=${await apiBase()}
          no-live
        ></vote-poll>`,
      );
      expect(background(el)).to.equal('rgb(1, 2, 3)');
      const submit = $(el, '[part~=submit]')!;
      expect(getComputedStyle(submit).backgroundColor).to.equal('rgb(200, 0, 0)');
      expect(getComputedStyle(submit).textTransform).to.equal('uppercase');
    } finally {
      style.remove();
    }
  });

  it('leaks no styles into the page and takes none from it', async () => {
    const poll = await newPoll();
    const style = document.createElement('style');
    style.textContent = 'p { color: rgb(0, 128, 0); } button { font-size: 40px; }';
    document.head.append(style);
    try {
      const sheets = document.styleSheets.length;
      const el = await mount(
        html`<div>
          <p id="outside">page text</p>
          <vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>
        </div>`,
      );
      expect(document.styleSheets.length).to.equal(sheets);
      expect(document.adoptedStyleSheets).to.have.length(0);
      const outside = document.getElementById('outside')!;
      expect(getComputedStyle(outside).marginTop).to.equal('16px'); // the browser's, not the widget's
      expect(getComputedStyle($(el, '#hint')!).color).to.not.equal('rgb(0, 128, 0)');
      expect(getComputedStyle($$(el, 'button')[0]!).fontSize).to.not.equal('40px');
    } finally {
      style.remove();
    }
  });

  it('animates result bars, except for visitors who ask for reduced motion', async () => {
    const poll = await newPoll();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    $$<HTMLButtonElement>(el, 'form button')[1]!.click(); // See results
    const fill = await until(() => $(el, '[part~=bar-fill]'), 'the results');
    expect(getComputedStyle(fill).transitionDuration).to.equal('0.4s');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(fill).transitionDuration).to.equal('0s');
  });
});
