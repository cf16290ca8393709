import type { AltchaChallenge, VoterTokenRequest } from '@votewire/wire';
import { forbidden } from '../errors';
import type { PollReads } from './poll-reads';
import type { ProofOfWork } from './proof-of-work';
import type { SiteIdentity } from './site-identity';
import type { SiteDirectory } from './sites';
import type { VoterTokens } from './voter-tokens';

/**
 * Minting voter tokens under the poll's voter policy and the site's settings: a token for a signed-in
 * user of the site when an identity JWT comes with the request (required on `site_user` polls), else
 * an anonymous one, which costs a solved challenge when the site turned proof of work on.
 */
export class TokenIssuer {
  constructor(
    private readonly polls: PollReads,
    private readonly sites: SiteDirectory,
    private readonly tokens: VoterTokens,
    private readonly work: ProofOfWork,
    private readonly identity: SiteIdentity,
  ) {}

  async issue(req: VoterTokenRequest): Promise<{ token: string; expiresAt: number }> {
    const poll = await this.polls.cached(req.pollId);
    if (req.identity !== undefined) {
      return this.tokens.issue(poll.id, await this.identity.voterKey(req.identity, poll.siteId));
    }
    if (poll.voterPolicy === 'site_user') {
      throw forbidden('identity_required', 'This poll counts one vote per user of the site: sign in on the site to vote');
    }
    const site = await this.sites.get(poll.siteId);
    if (site.powEnabled) await this.work.spend(req.altcha, poll.id);
    return this.tokens.issue(poll.id);
  }

  async challenge(pollId: string): Promise<AltchaChallenge> {
    const poll = await this.polls.cached(pollId);
    const site = await this.sites.get(poll.siteId);
    return this.work.challenge(poll.id, site.powDifficulty);
  }
}
