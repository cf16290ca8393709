import type { EmbeddablePoll } from '../services/embeds';

export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Page options a host may put in the iframe's URL, checked before they reach an attribute. */
export interface WidgetOptions {
  lang?: string;
  theme?: 'light' | 'dark' | 'auto';
}

const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;

export function widgetOptions(query: Record<string, unknown>): WidgetOptions {
  const options: WidgetOptions = {};
  if (typeof query.lang === 'string' && LANG.test(query.lang)) options.lang = query.lang;
  if (query.theme === 'light' || query.theme === 'dark' || query.theme === 'auto') options.theme = query.theme;
  return options;
}

/** No api-base: the widget asks the server it was loaded from, this one, whatever the proxy says. */
function widget(poll: EmbeddablePoll, options: WidgetOptions): string {
  const theme = options.theme ? ` theme="${options.theme}"` : '';
  return `<vote-poll poll-id="${esc(poll.id)}"${theme}></vote-poll>`;
}

/** An HTML page with the widget's script; `head` adds to the head, `body` is the body's content. */
function page(poll: EmbeddablePoll, options: WidgetOptions, head: string, body: string): string {
  return `<!doctype html>
<html lang="${esc(options.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(poll.question)}</title>
${head}
<script type="module" src="/sdk/vote-poll.js"></script>
</head>
<body>${body}</body>
</html>
`;
}

/** The iframe's page: the widget alone, on a transparent background, sized by frame.js. */
export function embedPage(poll: EmbeddablePoll, options: WidgetOptions): string {
  return page(
    poll,
    options,
    `<style>html,body{margin:0;background:transparent}vote-poll{max-width:none}</style>
<script src="/embed/frame.js" defer></script>`,
    widget(poll, options),
  );
}

/** The poll's public page, which oEmbed consumers discover from its `<link rel="alternate">`. */
export function pollPage(poll: EmbeddablePoll, origin: string, options: WidgetOptions): string {
  const oembed = `${origin}/oembed?url=${encodeURIComponent(`${origin}/p/${poll.id}`)}&format=json`;
  return page(
    poll,
    options,
    `<link rel="alternate" type="application/json+oembed" href="${esc(oembed)}" title="${esc(poll.question)}">
<style>body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem}</style>`,
    `<main>${widget(poll, options)}</main>`,
  );
}
