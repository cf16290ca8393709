import { expect } from '@open-wc/testing';
import { backendInfo, until, voteElsewhere } from './testing/backend.js';
import { newPoll } from './testing/fixture.js';

/**
 * The embed as site owners use it: the built one-file module (dist/cdn, run `npm run build`),
 * served by the backend at /sdk/, on a page of another origin with a strict Content-Security-Policy
 * (no inline script, no eval, no inline styles), and nothing but the script tag and the element.
 */
async function embed(pollId: string) {
  const { url } = await backendInfo();
  const ws = url.replace(/^http/, 'ws');
  const csp = `default-src 'none'; script-src ${url}/sdk/; connect-src ${url} ${ws}; style-src 'none'; img-src 'none'`;
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 600px; height: 600px';
  frame.srcdoc = `<!doctype html><html lang="en"><head>
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <script type="module" src="${url}/sdk/vote-poll.js"></script>
    </head><body><vote-poll poll-id="${pollId}"></vote-poll></body></html>`;
  const violations: string[] = [];
  document.body.append(frame);
  await until(() => frame.contentDocument?.URL === 'about:srcdoc', 'the embedding page');
  frame.contentDocument!.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  const el = await until(
    () =>
      frame.contentDocument!.querySelector('vote-poll')?.shadowRoot?.querySelector('form') &&
      frame.contentDocument!.querySelector('vote-poll')!,
    'the embedded poll',
    10000,
  );
  return { frame, el, violations, win: frame.contentWindow as Window & typeof globalThis };
}

describe('the CDN build embedded cross-origin under a strict CSP', () => {
  it('shows a live, votable poll, with its API base taken from the script URL', async () => {
    const poll = await newPoll();
    const { frame, el, violations, win } = await embed(poll.id);
    try {
      const root = el.shadowRoot!;
      expect(win.getComputedStyle(root.querySelector('section')!).borderTopStyle, 'styles apply').to.equal('solid');
      (root.querySelectorAll('input')[1] as HTMLInputElement).click();
      await new Promise((r) => setTimeout(r));
      (root.querySelector('[part~=submit]') as HTMLButtonElement).click();
      await until(() => root.querySelector('#status')?.textContent === 'Thanks, your vote was counted.', 'the vote');
      await until(() => win.getComputedStyle(root.querySelector('[part~=result-mine] [part~=bar-fill]')!).width !== '0px', 'a filled bar');
      await voteElsewhere(poll.id, [poll.options[0]!.id]);
      await until(() => root.querySelector('[part~=total]')?.textContent === '2 voters', 'the live update', 10000);
      const chunks = win.performance.getEntriesByType('resource').map((e) => e.name.split('/').pop());
      expect(
        chunks.some((n) => n?.startsWith('socket-')),
        'the socket chunk came from the same folder',
      ).to.equal(true);
      expect(violations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });

  it('adds no globals to the page', async () => {
    const poll = await newPoll();
    const blank = document.createElement('iframe');
    document.body.append(blank);
    const before = new Set(Object.getOwnPropertyNames(blank.contentWindow));
    blank.remove();
    const { frame, win } = await embed(poll.id);
    try {
      const added = Object.getOwnPropertyNames(win).filter((name) => !before.has(name));
      expect(added.sort()).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
