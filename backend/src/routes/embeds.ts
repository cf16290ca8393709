import Router from '@koa/router';
import type { AppState } from '../http/context';
import { FRAME_SCRIPT } from '../embeds/frame-script';
import { assertJsonFormat, oembedFor } from '../embeds/oembed';
import { embedPage, pollPage, widgetOptions } from '../embeds/pages';
import type { EmbedService } from '../services/embeds';

/** This server's origin as the visitor sees it (behind the proxy: its forwarded host and scheme). */
const here = (ctx: { protocol: string; host: string }) => `${ctx.protocol}://${ctx.host}`;

/**
 * Embeds for pages that strip `<script>` (many CMSes): an iframe page per poll, the poll's public
 * page and the oEmbed endpoint that turns the page's URL into that iframe. Mounted at the root.
 */
export function embedRoutes(embeds: EmbedService): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/embed/frame.js', (ctx) => {
    ctx.type = 'js';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = FRAME_SCRIPT;
  });

  router.get('/embed/:pollId', async (ctx) => {
    const poll = await embeds.poll(ctx.params.pollId!);
    // Framed only by the site's allowed origins: the same list that may collect its votes.
    const ancestors = poll.frameAncestors.length ? poll.frameAncestors.join(' ') : "'none'";
    ctx.set(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src https: data:; " +
        `connect-src 'self' ${here(ctx).replace(/^http/, 'ws')}; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`,
    );
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'html';
    ctx.body = embedPage(poll, widgetOptions(ctx.query));
  });

  router.get('/p/:pollId', async (ctx) => {
    const poll = await embeds.poll(ctx.params.pollId!);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'html';
    ctx.body = pollPage(poll, here(ctx), widgetOptions(ctx.query));
  });

  router.get('/oembed', async (ctx) => {
    ctx.set('Access-Control-Allow-Origin', '*');
    assertJsonFormat(ctx.query.format);
    ctx.body = oembedFor(await embeds.pollAt(here(ctx), ctx.query.url), here(ctx), ctx.query);
  });

  return router;
}
