import type { ApiKeyService } from './api-keys';
import type { BallotExport } from './ballot-export';
import type { IdentityKeyService } from './identity-keys';
import type { PollReads } from './poll-reads';
import type { PollAdmin } from './polls';
import type { SiteService } from './sites';
import type { TokenIssuer } from './token-issuer';
import type { VoterTokens } from './voter-tokens';
import type { VotingService } from './voting';
import type { WebhookAdmin } from './webhooks/admin';

/** The services the HTTP routes use; built once in app wiring (bootstrap.ts). */
export interface Services {
  polls: PollAdmin;
  pollReads: PollReads;
  ballots: BallotExport;
  voting: VotingService;
  apiKeys: ApiKeyService;
  sites: SiteService;
  voterTokens: VoterTokens;
  tokenIssuer: TokenIssuer;
  identityKeys: IdentityKeyService;
  webhooks: WebhookAdmin;
}
