import { requireAdmin } from '../http/auth';
import { SiteInput, SitePatch } from '@votewire/wire/schema';
import type { Services } from '../services';
import { siteView } from '../services/sites';
import { bodyParser } from '../services/validate';
import { createRouter } from './types';

const parseInput = bodyParser(SiteInput);
const parsePatch = bodyParser(SitePatch);

/** The caller's own site (`/site`), and creating further sites (instance owner only). */
export function siteRoutes(s: Services) {
  const router = createRouter();
  const admin = requireAdmin(s.apiKeys);

  router.get('/site', admin, async (ctx) => {
    ctx.body = siteView(ctx.state.site!);
  });

  router.patch('/site', admin, async (ctx) => {
    const site = await s.sites.update(ctx.state.site!, parsePatch(ctx.request.body));
    ctx.body = siteView(site);
  });

  router.post('/sites', admin, async (ctx) => {
    const site = await s.sites.create(ctx.state.site!, parseInput(ctx.request.body));
    const apiKey = await s.apiKeys.create(site.id, 'First key');
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { site: siteView(site), apiKey };
  });

  return router;
}
