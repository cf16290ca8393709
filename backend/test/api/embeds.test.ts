import { strict as assert } from 'node:assert';
import { describeOnEachBackend } from '../support/backends';

describeOnEachBackend('embeds for pages without scripts', (h) => {
  const oembed = (query: string) => h().api.request('GET', `/oembed?${query}`);

  it('answers oEmbed for a poll page with a rich iframe, within maxwidth and maxheight', async () => {
    const { api } = h();
    const poll = await api.createPoll({ question: 'Tea & "biscuits"?' });
    const page = `${api.url}/p/${poll.id}`;
    const res = await oembed(`url=${encodeURIComponent(page)}&format=json`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(
      { ...res.body, html: undefined },
      {
        version: '1.0',
        type: 'rich',
        provider_name: 'Votewire',
        provider_url: api.url,
        title: 'Tea & "biscuits"?',
        html: undefined,
        width: 560,
        height: 420,
        cache_age: 300,
      },
    );
    assert.equal(
      res.body.html,
      `<iframe src="${api.url}/embed/${poll.id}" width="560" height="420" title="Tea &#38; &#34;biscuits&#34;?" ` +
        `style="border:0;max-width:100%" loading="lazy"></iframe>`,
    );
    const small = await oembed(`url=${encodeURIComponent(`${api.url}/embed/${poll.id}`)}&maxwidth=300&maxheight=200`);
    assert.deepEqual([small.body.width, small.body.height], [300, 200]);
    assert.match(small.body.html, /width="300" height="200"/);
  });

  it('answers 404 for unknown polls, drafts and other sites’ URLs, and 501 for XML', async () => {
    const { api } = h();
    const draft = await api.createPoll({ status: 'draft' });
    const open = await api.createPoll();
    for (const url of [`${api.url}/p/no-such-poll`, `${api.url}/p/${draft.id}`, `https://elsewhere.example/p/${open.id}`, 'not a url']) {
      const res = await oembed(`url=${encodeURIComponent(url)}`);
      assert.equal(res.status, 404, url);
      assert.equal(res.body.error.code, 'poll_not_found');
    }
    const xml = await oembed(`url=${encodeURIComponent(`${api.url}/p/${open.id}`)}&format=xml`);
    assert.equal(xml.status, 501);
  });

  it('serves a public poll page that advertises its oEmbed endpoint', async () => {
    const { api } = h();
    const poll = await api.createPoll({ question: 'Which <b>bridge</b>?' });
    const res = await api.request('GET', `/p/${poll.id}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    const oembedUrl = `${api.url}/oembed?url=${encodeURIComponent(`${api.url}/p/${poll.id}`)}&#38;format=json`;
    assert.ok(res.body.includes(`<link rel="alternate" type="application/json+oembed" href="${oembedUrl}"`), res.body);
    assert.ok(res.body.includes(`<vote-poll poll-id="${poll.id}"></vote-poll>`));
    assert.ok(res.body.includes('<title>Which &#60;b&#62;bridge&#60;/b&#62;?</title>'), 'the question is escaped');
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self';/);
    assert.equal((await api.request('GET', '/p/no-such-poll')).status, 404);
  });

  it("serves the iframe page with a strict policy, framed only by the site's allowed origins", async () => {
    const { api } = h();
    const poll = await api.createPoll();
    await api.admin('PATCH', '/site', { allowedOrigins: ['https://news.example'] });
    const res = await api.request('GET', `/embed/${poll.id}?theme=dark&lang=de`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /frame-ancestors [^;]*https:\/\/news\.example/);
    assert.doesNotMatch(csp, /unsafe-inline'[^;]*;.*script-src|script-src[^;]*unsafe/);
    assert.equal(res.headers.get('x-frame-options'), null, 'framing is what this page is for');
    assert.ok(res.body.includes(`<vote-poll poll-id="${poll.id}" theme="dark"></vote-poll>`), res.body);
    assert.ok(res.body.includes('<html lang="de">'));
    assert.ok(res.body.includes('<script src="/embed/frame.js" defer></script>'));
    assert.doesNotMatch(res.body, /<script>/, 'no inline script');

    const hostile = await api.request('GET', `/embed/${poll.id}?theme=%22%3E%3Cscript%3E&lang=%22%3E`);
    assert.ok(!hostile.body.includes('<script>'), 'query values never reach the page unchecked');
    assert.ok(hostile.body.includes('<html lang="en">'));

    await api.admin('PATCH', '/site', { allowedOrigins: [] });
    const none = await api.request('GET', `/embed/${poll.id}`);
    assert.doesNotMatch(none.headers.get('content-security-policy') ?? '', /news\.example/);
  });

  it('serves the frame script that reports the height to the embedding page', async () => {
    const { api } = h();
    const res = await api.request('GET', '/embed/frame.js');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.match(res.body, /votewire:embed-height/);
    assert.doesNotThrow(() => new Function(res.body), 'a complete script');
  });
});
