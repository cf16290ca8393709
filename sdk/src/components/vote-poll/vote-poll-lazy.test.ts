import { expect } from '@open-wc/testing';
import { until } from '../../testing/backend.js';
import { apiBase, html, mount, newPoll } from '../../testing/fixture.js';

// Runs in a page of its own, before anything else has imported the socket code.
const socketRequests = () => performance.getEntriesByType('resource').filter((e) => /live-socket|socket\.io-client/.test(e.name));

describe('<vote-poll> loads socket.io-client lazily', () => {
  it('never loads it with no-live', async () => {
    const poll = await newPoll();
    await mount(html`<vote-poll poll-id=${poll.id} api-base=${await apiBase()} no-live></vote-poll>`);
    await new Promise((r) => setTimeout(r, 500));
    expect(socketRequests()).to.have.length(0);
  });

  it('loads it only once the widget is on screen, after the first render', async () => {
    const poll = await newPoll();
    const el = await mount(
      html`<div>
        <div style="height: 300vh"></div>
        <vote-poll poll-id=${poll.id} api-base=${await apiBase()}></vote-poll>
      </div>`,
    );
    expect(el.shadowRoot!.querySelector('form'), 'rendered without the socket').to.exist;
    await new Promise((r) => setTimeout(r, 500));
    expect(socketRequests(), 'off screen').to.have.length(0);
    el.scrollIntoView();
    await until(() => socketRequests().length, 'the socket chunk once visible');
  });
});
