import { ConsistencyQuery, InclusionQuery, LogEntriesQuery } from '@votewire/wire/schema';
import { optionalAdmin } from '../http/auth';
import { notFound } from '../errors';
import type { Services } from '../services';
import { queryParser } from '../services/validate';
import { createRouter } from './types';
import { viewerOf } from './viewer';

const parseEntries = queryParser(LogEntriesQuery);
const parseInclusion = queryParser(InclusionQuery);
const parseConsistency = queryParser(ConsistencyQuery);

/** Entries and proofs for fixed sizes never change: kept a day (visibility can still change). */
const FIXED = 'public, max-age=86400';

/** The public ballot log: signing keys, signed tree heads, entries and proofs. */
export function logRoutes(s: Services) {
  const router = createRouter();
  const log = () => {
    if (!s.ballotLog) throw notFound('log_disabled', 'This deployment keeps no ballot log');
    return s.ballotLog;
  };

  router.get('/log-keys', async (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = await log().keys();
  });

  router.get('/polls/:id/log', optionalAdmin(s.apiKeys), async (ctx) => {
    const head = await log().head(ctx.params.id!, viewerOf(ctx, s));
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = head;
  });

  router.get('/polls/:id/log/entries', optionalAdmin(s.apiKeys), async (ctx) => {
    const { start, end } = parseEntries({ ...ctx.query });
    const page = await log().entriesJson(ctx.params.id!, viewerOf(ctx, s), start, end);
    ctx.set('Cache-Control', page.immutable ? FIXED : 'no-cache');
    ctx.type = 'json';
    ctx.body = page.json;
  });

  router.get('/polls/:id/log/inclusion', optionalAdmin(s.apiKeys), async (ctx) => {
    const { commitment, treeSize } = parseInclusion({ ...ctx.query });
    const proof = await log().inclusion(ctx.params.id!, viewerOf(ctx, s), commitment, treeSize);
    ctx.set('Cache-Control', FIXED);
    ctx.body = proof;
  });

  router.get('/polls/:id/log/consistency', optionalAdmin(s.apiKeys), async (ctx) => {
    const { first, second } = parseConsistency({ ...ctx.query });
    const proof = await log().consistency(ctx.params.id!, viewerOf(ctx, s), first, second);
    ctx.set('Cache-Control', FIXED);
    ctx.body = proof;
  });

  return router;
}
