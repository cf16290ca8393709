import { expect } from '@open-wc/testing';
import { until, voteElsewhere } from '../../testing/backend.js';
import { $, $$, apiBase, html, mount, newPoll, text } from '../../testing/fixture.js';
import { VotePoll } from './vote-poll.js';

beforeEach(() => localStorage.clear());

/** A poll with two votes for Apple and one for Banana: 66.7 % and 33.3 %. */
async function votedPoll() {
  const poll = await newPoll();
  await voteElsewhere(poll.id, [poll.options[0]!.id]);
  await voteElsewhere(poll.id, [poll.options[0]!.id]);
  await voteElsewhere(poll.id, [poll.options[1]!.id]);
  return poll;
}

const buttons = (el: Element) => $$(el, 'button').map((b) => b.textContent!.trim());

describe('<vote-poll> languages', () => {
  const cases = [
    { lang: 'fr', vote: 'Voter', peek: 'Voir les résultats', votes: 'votes', hint: 'Choisissez une option.' },
    { lang: 'de', vote: 'Abstimmen', peek: 'Ergebnisse ansehen', votes: 'Stimmen', hint: 'Wählen Sie eine Option.' },
    { lang: 'es', vote: 'Votar', peek: 'Ver resultados', votes: 'votos', hint: 'Elige una opción.' },
  ];
  for (const c of cases) {
    it(`speaks ${c.lang} when its lang says so, and formats numbers with Intl`, async () => {
      const poll = await votedPoll();
      const el = await mount(html`<vote-poll lang=${c.lang} poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
      expect(buttons(el)).to.deep.equal([c.vote, c.peek]);
      expect(text(el, '#hint')).to.equal(c.hint);
      expect($(el, 'section')!.getAttribute('lang')).to.equal(c.lang);
      $$<HTMLButtonElement>(el, 'button')[1]!.click();
      await until(() => $(el, '[part~=count]'), 'the results');
      const pct = new Intl.NumberFormat(c.lang, { style: 'percent', maximumFractionDigits: 1 }).format(2 / 3);
      expect($$(el, '[part~=count]')[0]!.textContent).to.equal(`${pct} · 2 ${c.votes}`);
      await expect(el).to.be.accessible();
    });
  }

  it('takes the language from the page when the element has none', async () => {
    const poll = await newPoll();
    const el = await mount(html`<div lang="de-AT"><vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll></div>`);
    expect(buttons(el)[0]).to.equal('Abstimmen');
    expect($(el, 'section')!.getAttribute('lang')).to.equal('de-AT');
  });

  it('follows a change of its lang attribute', async () => {
    const poll = await newPoll();
    const el = await mount(html`<vote-poll lang="en" poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    expect(buttons(el)[0]).to.equal('Vote');
    el.setAttribute('lang', 'es');
    await new Promise((r) => setTimeout(r, 200));
    await el.updateComplete;
    expect(buttons(el)[0]).to.equal('Votar');
  });

  it('falls back to English for a language it lacks, and lets the site add one', async () => {
    const poll = await newPoll();
    const base = await apiBase();
    const plain = await mount(html`<vote-poll lang="pt-BR" poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    expect(buttons(plain)[0]).to.equal('Vote');
    VotePoll.addStrings('pt', { vote: 'Votar agora', seeResults: 'Ver resultados' });
    const added = await mount(html`<vote-poll lang="pt-BR" poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    expect(buttons(added)).to.deep.equal(['Votar agora', 'Ver resultados']);
    expect(text(added, '#hint'), 'missing strings fall back to English').to.equal('Choose one option.');
  });

  it('lets the site owner override any string, as an attribute or a property', async () => {
    const poll = await newPoll();
    const el = await mount(
      html`<vote-poll strings='{"vote": "Send my answer"}' poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`,
    );
    expect(buttons(el)[0]).to.equal('Send my answer');
    el.strings = { seeResults: 'Peek' };
    await el.updateComplete;
    expect(buttons(el)).to.deep.equal(['Vote', 'Peek']);
  });
});
