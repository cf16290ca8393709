import type { ApiKeyService } from './api-keys';
import type { BallotExport } from './ballot-export';
import type { IdentityKeyService } from './identity-keys';
import type { BallotLogReads } from './log/ballot-log';
import type { PollReads } from './poll-reads';
import type { PollAdmin } from './polls';
import type { SiteService } from './sites';
import type { TokenIssuer } from './token-issuer';
import type { VoterTokens } from './voter-tokens';
import type { VotingService } from './voting';

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
  /** Null when the deployment keeps no ballot log. */
  ballotLog: BallotLogReads | null;
}
