import { expect, fixture } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { VoteCastDetail, VoteErrorDetail } from '../../events.js';
import { adminPoll, backendInfo, closePoll, setOrigins, setProxy, until, voteElsewhere } from '../../testing/backend.js';
import { $, $$, apiBase, html, mount, newPoll, record, text } from '../../testing/fixture.js';
import type { VotePoll } from './vote-poll.component.js';

const press = (key: string) => sendKeys({ press: key });
const activeInShadow = (el: VotePoll) => el.shadowRoot!.activeElement as HTMLElement | null;

beforeEach(() => localStorage.clear());

describe('<vote-poll> states and poll types', () => {
  it('shows a busy loading state before the poll arrives', async () => {
    const poll = await newPoll();
    const el = await fixture<VotePoll>(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    // The first render happens before the request can have answered.
    expect($(el, 'section')!.getAttribute('aria-busy')).to.equal('true');
    expect(text(el, 'section')).to.contain('Loading poll');
    await until(() => $(el, 'h2'), 'the question');
    expect($(el, 'section')!.getAttribute('aria-busy')).to.equal('false');
    expect(text(el, 'h2')).to.equal('Which fruit?');
  });

  it('single choice: votes with the keyboard only, moves focus to the confirmation and marks the choice', async () => {
    const poll = await newPoll({ allowVoteChange: false });
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    const radios = $$<HTMLInputElement>(el, 'input[type=radio]');
    expect(radios.map((r) => r.closest('label')!.textContent!.trim())).to.deep.equal(['Apple', 'Banana', 'Cherry']);
    expect($(el, 'fieldset')!.getAttribute('aria-labelledby')).to.equal('q');
    await expect(el).to.be.accessible();

    const cast = record<VoteCastDetail>(document, 'vote-cast');
    await press('Tab'); // into the radio group
    await press('ArrowDown'); // radio semantics: arrows move and select
    expect(radios[1]!.checked).to.equal(true);
    await press('Tab'); // the Vote button
    expect(activeInShadow(el)?.textContent?.trim()).to.equal('Vote');
    await press('Enter');

    await until(() => cast.length, 'vote-cast');
    expect(cast[0]).to.include({ pollId: poll.id, changed: false });
    expect(cast[0]!.optionIds).to.deep.equal([poll.options[1]!.id]);
    await el.updateComplete;
    expect(activeInShadow(el)?.id).to.equal('status');
    expect(text(el, '#status')).to.equal('Thanks, your vote was counted.');
    const mine = $(el, '[part~=result-mine]');
    expect(mine?.textContent).to.contain('Banana');
    expect(mine?.textContent).to.contain('100%');
    expect(mine?.textContent).to.contain('1 vote');
    expect($$(el, '[part~=result]')).to.have.length(3);
    expect($(el, '[part~=change]')).to.equal(null);
    await expect(el).to.be.accessible();
    expect((await adminPoll(poll.id)).ballotCount).to.equal(1);
  });

  it('multiple choice: enforces the minimum and the maximum, and votes by keyboard', async () => {
    const poll = await newPoll({
      type: 'multiple',
      minChoices: 2,
      maxChoices: 2,
      options: [{ label: 'Red' }, { label: 'Green' }, { label: 'Blue' }, { label: 'Gold' }],
    });
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    const boxes = $$<HTMLInputElement>(el, 'input[type=checkbox]');
    const submit = $<HTMLButtonElement>(el, '[part~=submit]')!;
    expect(text(el, '#hint')).to.equal('Choose 2 options.');
    const blocked = () => submit.getAttribute('aria-disabled') === 'true';
    expect(blocked()).to.equal(true);
    expect(submit.disabled, 'reachable by Tab, unlike a disabled button').to.equal(false);
    expect(submit.getAttribute('aria-describedby'), 'says why it is blocked').to.equal('hint');
    submit.click();
    await el.updateComplete;
    expect((await adminPoll(poll.id)).ballotCount, 'a blocked Vote sends nothing').to.equal(0);
    await expect(el).to.be.accessible();

    const cast = record<VoteCastDetail>(el, 'vote-cast');
    await press('Tab');
    await press('Space'); // Red
    await el.updateComplete;
    expect(blocked(), 'one is below the minimum').to.equal(true);
    await press('Tab');
    await press('Space'); // Green
    await el.updateComplete;
    expect(blocked()).to.equal(false);
    expect(boxes[2]!.disabled && boxes[3]!.disabled, 'the maximum is reached').to.equal(true);
    await press('Tab'); // disabled boxes are skipped: straight to Vote
    await press('Enter');
    await until(() => cast.length, 'vote-cast');
    expect(cast[0]!.optionIds).to.have.members([poll.options[0]!.id, poll.options[1]!.id]);
    await el.updateComplete;
    expect(text(el, '[part~=results]'), 'shares of voters add up to 200%: the widget says why').to.contain(
      'Voters could choose several options, so the shares add up to more than 100%.',
    );
  });

  it('ranked: reorders by keyboard and by drag, shows rank numbers, sends the ranking and shows the runoff rounds', async () => {
    const poll = await newPoll({ type: 'ranked', options: [{ label: 'Tram' }, { label: 'Bus' }, { label: 'Bike' }] });
    const [tram, bus, bike] = poll.options.map((o) => o.id) as [number, number, number];
    // Two other voters, so that the count goes to a second round.
    await voteElsewhere(poll.id, [bus, tram, bike]);
    await voteElsewhere(poll.id, [bike, tram, bus]);
    // Live: a vote's answer carries first preferences; the rounds that count it follow on the socket.
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()}></vote-poll>`);
    const order = () => $$(el, 'li[data-id]').map((li) => Number(li.dataset.id));
    const ranks = () => $$(el, '[part~=rank]').map((r) => r.textContent);
    expect(order()).to.deep.equal([tram, bus, bike]);
    expect(ranks()).to.deep.equal(['1', '2', '3']);
    await expect(el).to.be.accessible();

    // Keyboard: "Move Bike up" twice; focus follows the option to the top, where only "down" is left.
    $<HTMLButtonElement>(el, `li[data-id="${bike}"] .up`)!.focus();
    await press('Enter');
    await el.updateComplete;
    expect(order()).to.deep.equal([tram, bike, bus]);
    expect(activeInShadow(el)?.getAttribute('aria-label')).to.equal('Move Bike up');
    await press('Enter');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r));
    expect(order()).to.deep.equal([bike, tram, bus]);
    expect(activeInShadow(el)?.getAttribute('aria-label')).to.equal('Move Bike down');

    // Pointer: drag Bus over Bike.
    const row = (id: number) => $(el, `li[data-id="${id}"]`)!;
    const dataTransfer = new DataTransfer();
    row(bus).dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer }));
    row(bike).dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer }));
    row(bike).dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer }));
    row(bus).dispatchEvent(new DragEvent('dragend', { bubbles: true, dataTransfer }));
    await el.updateComplete;
    expect(order()).to.deep.equal([bus, bike, tram]);

    const cast = record<VoteCastDetail>(el, 'vote-cast');
    $<HTMLButtonElement>(el, '[part~=submit]')!.click();
    await until(() => cast.length, 'vote-cast');
    expect(cast[0]!.optionIds).to.deep.equal([bus, bike, tram]);
    await el.updateComplete;
    // First preferences: Bus 2, Bike 1, Tram 0 → Bus has a majority of 3 ballots in round 1. The
    // rounds are counted apart from the vote (at most one interval later) and reach the widget live.
    await until(() => text(el, '[part~=winner]') === 'Winner: Bus', 'the rounds counting this vote');
    expect($(el, '[part~=rounds]')).to.exist;
    expect(text(el, '[part~=rounds] li h4')).to.equal('Round 1');
    await expect(el).to.be.accessible();
  });

  it('closed: shows the final results and no form', async () => {
    const poll = await newPoll();
    await voteElsewhere(poll.id, [poll.options[0]!.id]);
    await voteElsewhere(poll.id, [poll.options[2]!.id]);
    await closePoll(poll.id);
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(el, '#status')).to.equal('This poll is closed.');
    expect(text(el, '[part~=results] h3')).to.equal('Final results');
    expect(text(el, '[part~=total]')).to.equal('2 voters');
    expect($$(el, '[part~=count]').map((c) => c.textContent)).to.deep.equal(['50% · 1 vote', '0% · 0 votes', '50% · 1 vote']);
    expect($(el, 'form')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('not yet open: counts down, then opens by itself', async () => {
    const later = await newPoll({ opensAt: new Date(Date.now() + 2 * 3600_000).toISOString() });
    const el = await mount(html`<vote-poll poll-id=${later.id} api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(el, '#status')).to.equal('This poll is not open yet.');
    expect(text(el, '[part~=countdown]')).to.equal('Opens in 2 hours');
    await expect(el).to.be.accessible();

    const soon = await newPoll({ opensAt: new Date(Date.now() + 4000).toISOString() });
    const el2 = await mount(html`<vote-poll poll-id=${soon.id} api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(el2, '[part~=countdown]')).to.match(/^Opens in \d seconds?$/);
    await until(() => $(el2, 'form'), 'the poll to open', 12000);
  });

  it('error: says clearly what is wrong and retries', async () => {
    const missing = await mount(html`<vote-poll poll-id="no-such-poll" api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(missing, '[part~=error]')).to.equal('This poll does not exist.');
    expect($(missing, '[part~=error]')!.getAttribute('role')).to.equal('alert');
    expect($(missing, '[part~=retry]'), 'trying again cannot make it exist').to.equal(null);
    await expect(missing).to.be.accessible();

    // An outage, then the retry button once the server is back.
    const poll = await newPoll();
    await setProxy(true);
    try {
      const errors = record<VoteErrorDetail>(document, 'vote-error');
      const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${(await backendInfo()).proxyUrl} no-live></vote-poll>`);
      // The browser is online: the server is down, not the visitor's connection.
      expect(text(el, '[part~=error]')).to.equal('The poll server is not answering. Please try again later.');
      expect(errors.at(-1)).to.include({ pollId: poll.id, code: 'network', status: 0 });
      await setProxy(false);
      $<HTMLButtonElement>(el, '[part~=retry]')!.click();
      await until(() => $(el, 'form'), 'the poll after retrying');
    } finally {
      await setProxy(false);
    }
  });

  it('says so when no poll-id is set', async () => {
    const el = await mount(html`<vote-poll api-base=${await apiBase()} no-live></vote-poll>`);
    expect(text(el, '[part~=error]')).to.equal('No poll-id is set.');
    expect($(el, '[part~=retry]')).to.equal(null);
  });

  it('on an origin that may not vote, says so as the poll loads, logs the origin to add and stays off the live channel', async () => {
    const poll = await newPoll();
    await setOrigins(['https://somewhere-else.example']);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      // Live on: a refused origin must not open (and retry) a socket.
      const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()}></vote-poll>`);
      expect(text(el, '#status')).to.equal('This website may not collect votes for this poll.');
      expect($(el, 'form'), 'no ballot that cannot be sent').to.equal(null);
      expect(warnings.join('\n')).to.contain(`allow ${location.origin} in poll ${poll.id}'s site`);
      await new Promise((r) => setTimeout(r, 300));
      expect(
        performance.getEntriesByType('resource').some((e) => e.name.includes('/socket.io/')),
        'no socket opened',
      ).to.equal(false);
      await expect(el).to.be.accessible();
    } finally {
      console.warn = warn;
      await setOrigins();
    }
  });

  it('a vote from a site that is not allowed gets a clear message', async () => {
    const poll = await newPoll();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    await setOrigins(['https://somewhere-else.example']);
    try {
      const errors = record<VoteErrorDetail>(el, 'vote-error');
      $<HTMLInputElement>(el, 'input')!.click();
      await el.updateComplete;
      $<HTMLButtonElement>(el, '[part~=submit]')!.click();
      await until(() => errors.length, 'vote-error');
      expect(errors[0]).to.include({ code: 'origin_not_allowed', status: 403 });
      await el.updateComplete;
      expect(text(el, '[part~=error]')).to.equal('This website may not collect votes for this poll.');
      expect(activeInShadow(el)?.getAttribute('part')).to.equal('error');
      expect($(el, 'form'), 'the visitor can try again later').to.exist;
    } finally {
      await setOrigins();
    }
  });

  it('changes a vote where the poll allows it', async () => {
    const poll = await newPoll({ allowVoteChange: true });
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    const cast = record<VoteCastDetail>(el, 'vote-cast');
    $$<HTMLInputElement>(el, 'input')[0]!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part~=submit]')!.click();
    await until(() => cast.length === 1, 'the first vote');
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part~=change]')!.click();
    await el.updateComplete;
    expect($$<HTMLInputElement>(el, 'input')[0]!.checked, 'the earlier choice is preselected').to.equal(true);
    expect(activeInShadow(el), 'focus moves into the ballot').to.equal($$(el, 'input')[0]);
    $$<HTMLInputElement>(el, 'input')[2]!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part~=submit]')!.click();
    await el.updateComplete;
    // Submitting: the form stays, locked, and says what is happening.
    expect(text(el, '[part~=submit]')).to.equal('Sending your vote…');
    expect($<HTMLButtonElement>(el, '[part~=submit]')!.getAttribute('aria-disabled')).to.equal('true');
    expect($$<HTMLInputElement>(el, 'input').every((i) => i.disabled)).to.equal(true);
    await until(() => cast.length === 2, 'the changed vote');
    expect(cast[1]).to.include({ changed: true });
    await el.updateComplete;
    expect(text(el, '[part~=result-mine]')).to.contain('Cherry');
    expect((await adminPoll(poll.id)).ballotCount).to.equal(1);
  });

  it('remembers the visitor: a second widget for the same poll shows the vote already made', async () => {
    const poll = await newPoll({ resultsVisibility: 'after_close' });
    const base = await apiBase();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    expect($(el, '[part~=results]'), 'after_close hides results while open').to.equal(null);
    const cast = record<VoteCastDetail>(el, 'vote-cast');
    $$<HTMLInputElement>(el, 'input')[1]!.click();
    await el.updateComplete;
    $<HTMLButtonElement>(el, '[part~=submit]')!.click();
    await until(() => cast.length, 'vote-cast');
    const again = await mount(html`<vote-poll poll-id=${poll.id} api-base=${base} no-live></vote-poll>`);
    expect(text(again, '#status')).to.equal('Thanks, your vote was counted.');
    expect(text(again, '#status + p')).to.contain('Your choice: Banana.');
    expect(text(again, '#status + p')).to.contain('Results will be shown when the poll closes.');
  });

  it('lets visitors peek at results before voting when results are public', async () => {
    const poll = await newPoll();
    const el = await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    const peek = $$<HTMLButtonElement>(el, 'form button').find((b) => b.textContent!.trim() === 'See results')!;
    peek.click();
    // The results chunk is fetched after the first render; a quick click waits for it.
    await until(() => activeInShadow(el)?.localName === 'h3', 'focus on the results heading');
    expect(text(el, '[part~=results] h3')).to.equal('Results');
    expect($(el, 'form')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});
