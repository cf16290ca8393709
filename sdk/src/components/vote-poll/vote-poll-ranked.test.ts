import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { VoteCastDetail } from '../../events.js';
import { socketFor } from '../../client/live-socket.js';
import { until, voteElsewhere } from '../../testing/backend.js';
import { $, $$, apiBase, html, mount, newPoll, record, text } from '../../testing/fixture.js';
import type { VotePoll } from './vote-poll.component.js';

const press = (key: string) => sendKeys({ press: key });
const order = (el: VotePoll) => $$(el, 'li[data-id]').map((li) => li.querySelector('[part~=option-label]')!.textContent);
const spoken = (el: VotePoll) => text(el, '[role=status]');
const focusedLabel = (el: VotePoll) => (el.shadowRoot!.activeElement as HTMLElement | null)?.closest('li')?.dataset.id;

describe('<vote-poll> ranked ballots by keyboard', () => {
  beforeEach(() => localStorage.clear());

  it('moves an option with the arrow keys, Home and End, and says where it landed', async () => {
    const poll = await newPoll({ type: 'ranked', options: [{ label: 'Tram' }, { label: 'Bus' }, { label: 'Bike' }, { label: 'Walk' }] });
    const [tram, , , walk] = poll.options.map((o) => String(o.id));
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    $<HTMLButtonElement>(el, `li[data-id="${tram}"] .down`)!.focus();

    await press('ArrowDown');
    await until(() => order(el)[1] === 'Tram', 'Tram in second place');
    expect(order(el)).to.deep.equal(['Bus', 'Tram', 'Bike', 'Walk']);
    expect(spoken(el)).to.equal('Tram moved to 2 of 4');
    expect(focusedLabel(el), 'focus follows the option').to.equal(tram);

    await press('End');
    await until(() => order(el)[3] === 'Tram', 'Tram last');
    expect(spoken(el)).to.equal('Tram moved to 4 of 4');

    $<HTMLButtonElement>(el, `li[data-id="${walk}"] .up`)!.focus();
    await press('Home');
    await until(() => order(el)[0] === 'Walk', 'Walk first');
    expect(order(el)).to.deep.equal(['Walk', 'Bus', 'Bike', 'Tram']);
    expect(spoken(el)).to.equal('Walk moved to 1 of 4');
    await press('ArrowUp'); // already first: nothing moves
    await el.updateComplete;
    expect(order(el)[0]).to.equal('Walk');
    await expect(el).to.be.accessible();
  });

  it('announces moves in the page language', async () => {
    const poll = await newPoll({ type: 'ranked', options: [{ label: 'Tram' }, { label: 'Bus' }, { label: 'Bike' }, { label: 'Walk' }] });
    const expected = { de: 'Tram jetzt auf Platz 2 von 4', fr: 'Tram déplacé en position 2 sur 4', es: 'Tram movida al puesto 2 de 4' };
    for (const [lang, sentence] of Object.entries(expected)) {
      const el = await mount(html`<vote-poll lang=${lang} poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
      $<HTMLButtonElement>(el, `li[data-id="${poll.options[0]!.id}"] .down`)!.focus();
      await press('ArrowDown');
      await until(() => spoken(el) === sentence, `the ${lang} announcement (got "${spoken(el)}")`);
    }
  });

  it("shows the voter's own ranking after voting, not every option marked as their choice", async () => {
    const poll = await newPoll({ type: 'ranked', options: [{ label: 'Tram' }, { label: 'Bus' }, { label: 'Bike' }] });
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    $<HTMLButtonElement>(el, `li[data-id="${poll.options[2]!.id}"] .up`)!.focus();
    await press('Home');
    await until(() => order(el)[0] === 'Bike', 'Bike first');
    const cast = record<VoteCastDetail>(el, 'vote-cast');
    $<HTMLButtonElement>(el, '[part~=submit]')!.click();
    await until(() => cast.length, 'vote-cast');
    await until(() => $(el, '[part~=results]'), 'the results');
    expect($$(el, '[part~=my-ranking] li').map((li) => li.textContent!.trim())).to.deep.equal(['1. Bike', '2. Tram', '3. Bus']);
    expect($$(el, '[part~=result-mine]'), 'a ranking names every option: no "(Your choice)" marks').to.have.length(0);
    await expect(el).to.be.accessible();
  });
});

describe('<vote-poll> ranked results live', () => {
  beforeEach(() => localStorage.clear());

  it('asks for the runoff rounds and follows them as votes arrive elsewhere (live results carry first preferences)', async () => {
    const poll = await newPoll({ type: 'ranked', options: [{ label: 'Tram' }, { label: 'Bus' }, { label: 'Bike' }] });
    const [tram, bus, bike] = poll.options.map((o) => o.id) as [number, number, number];
    await voteElsewhere(poll.id, [tram, bus]);
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base}></vote-poll>`);
    $$<HTMLButtonElement>(el, 'form button')
      .find((b) => b.textContent!.trim() === 'See results')!
      .click();
    await until(() => text(el, '[part~=winner]').includes('Tram'), 'Tram winning');
    const socket = socketFor(base);
    await until(() => socket.connected && socket.listeners('rounds').length > 0, 'the subscription with rounds');
    await new Promise((r) => setTimeout(r, 200));

    // Bus leads on first preferences; Bike's voter moves to Bus in the second round: Bus wins.
    await voteElsewhere(poll.id, [bus]);
    await voteElsewhere(poll.id, [bus, tram]);
    await voteElsewhere(poll.id, [bike, bus]);
    await until(() => text(el, '[part~=winner]').includes('Bus'), `Bus winning (shows "${text(el, '[part~=winner]')}")`);
    await expect(el).to.be.accessible();
  });
});
