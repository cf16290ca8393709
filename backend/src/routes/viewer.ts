import type { ParameterizedContext } from 'koa';
import type { AppState } from '../http/context';
import type { Services } from '../services';
import type { Viewer } from '../services/poll-reads';

/** Who reads results: the API key's site (after optionalAdmin), else the voter of the token, if any. */
export function viewerOf(ctx: ParameterizedContext<AppState>, s: Services): Viewer {
  if (ctx.state.site) return { siteId: ctx.state.site.id };
  const token = ctx.get('X-Voter-Token');
  return { voterKey: token ? s.voterTokens.verify(token).voterKey : null };
}
