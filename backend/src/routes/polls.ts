import { requireAdmin, optionalAdmin } from '../http/auth';
import { PollInput, PollListQuery, PollPatch } from '@votewire/wire/schema';
import type { Services } from '../services';
import { bodyParser, queryParser } from '../services/validate';
import { createRouter } from './types';

const parseInput = bodyParser(PollInput);
const parsePatch = bodyParser(PollPatch);
const parseQuery = queryParser(PollListQuery);

/** Polls: the admin CRUD, and the one read that voters share with admins. */
export function pollRoutes(s: Services) {
  const router = createRouter();
  const admin = requireAdmin(s.apiKeys);

  router.get('/polls', admin, async (ctx) => {
    ctx.body = await s.polls.list(ctx.state.site!.id, parseQuery({ ...ctx.query }));
  });

  router.post('/polls', admin, async (ctx) => {
    const poll = await s.polls.create(ctx.state.site!.id, parseInput(ctx.request.body));
    ctx.status = 201;
    ctx.set('Location', `/api/v1/polls/${poll.id}`);
    ctx.body = s.polls.adminView(poll);
  });

  router.get('/polls/:id', optionalAdmin(s.apiKeys), async (ctx) => {
    if (ctx.state.site) {
      ctx.body = s.polls.adminView(await s.polls.get(ctx.state.site.id, ctx.params.id!));
      return;
    }
    const token = ctx.get('X-Voter-Token');
    const voterKey = token ? s.voterTokens.verify(token).voterKey : null;
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'json';
    const json = await s.pollReads.publicViewJson(ctx.params.id!, voterKey);
    const originAllowed = await s.voting.originMayVote(ctx.params.id!, ctx.get('Origin') || undefined);
    ctx.body = `{"originAllowed":${originAllowed},${json.slice(1)}`;
  });

  router.patch('/polls/:id', admin, async (ctx) => {
    ctx.body = s.polls.adminView(await s.polls.update(ctx.state.site!.id, ctx.params.id!, parsePatch(ctx.request.body)));
  });

  router.delete('/polls/:id', admin, async (ctx) => {
    await s.polls.remove(ctx.state.site!.id, ctx.params.id!);
    ctx.status = 204;
  });

  router.post('/polls/:id/open', admin, async (ctx) => {
    ctx.body = s.polls.adminView(await s.polls.setOpen(ctx.state.site!.id, ctx.params.id!, true));
  });

  router.post('/polls/:id/close', admin, async (ctx) => {
    ctx.body = s.polls.adminView(await s.polls.setOpen(ctx.state.site!.id, ctx.params.id!, false));
  });

  return router;
}
