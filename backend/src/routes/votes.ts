import type { Counter } from 'prom-client';
import type { RateLimit } from '../http/rate-limit';
import { ChallengeQuery, VoterTokenRequest } from '@votewire/wire/schema';
import type { Services } from '../services';
import { bodyParser, queryParser } from '../services/validate';
import { createRouter } from './types';

const parseTokenRequest = bodyParser(VoterTokenRequest);
const parseChallengeQuery = queryParser(ChallengeQuery);

export function voteRoutes(
  s: Services,
  limits: { votes: RateLimit; voteTokens: RateLimit; tokens: RateLimit },
  votes?: Counter<'outcome'>,
) {
  const router = createRouter();

  router.get('/voter-tokens/challenge', async (ctx) => {
    const { pollId } = parseChallengeQuery(ctx.query);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await s.tokenIssuer.challenge(pollId);
  });

  router.post('/voter-tokens', limits.tokens.byIp(), async (ctx) => {
    const { token, expiresAt } = await s.tokenIssuer.issue(parseTokenRequest(ctx.request.body ?? {}));
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { token, expiresAt: new Date(expiresAt).toISOString() };
  });

  router.post('/polls/:id/votes', limits.votes.byIp(), limits.voteTokens.byHeader('X-Voter-Token'), async (ctx) => {
    const { response, replayed } = await s.voting.cast({
      pollId: ctx.params.id!,
      voterToken: ctx.get('X-Voter-Token') || undefined,
      idempotencyKey: ctx.get('Idempotency-Key') || undefined,
      origin: ctx.get('Origin') || undefined,
      ip: ctx.ip,
      body: ctx.request.body,
    });
    if (replayed) ctx.set('Idempotent-Replayed', 'true');
    votes?.inc({ outcome: replayed ? 'replayed' : response.changed ? 'changed' : 'accepted' });
    ctx.status = 201;
    ctx.body = response;
  });

  return router;
}
