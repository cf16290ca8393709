import { requireAdmin } from '../http/auth';
import { IdentityKeyIdParam, SiteInput, SitePatch } from '@votewire/wire/schema';
import { notFound } from '../errors';
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

  // Keys the site's server signs its users' identities with (the site_user voter policy).
  router.post('/site/identity-keys', admin, async (ctx) => {
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await s.identityKeys.create(ctx.state.site!.id);
  });

  router.get('/site/identity-keys', admin, async (ctx) => {
    ctx.body = { items: await s.identityKeys.list(ctx.state.site!.id) };
  });

  router.delete('/site/identity-keys/:id', admin, async (ctx) => {
    const id = ctx.params.id!;
    if (id.length > IdentityKeyIdParam.maxLength!) throw notFound('identity_key_not_found', 'No identity key with this id on this site');
    await s.identityKeys.revoke(ctx.state.site!.id, id);
    ctx.status = 204;
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
