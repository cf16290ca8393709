import type { ApiKeyService } from './api-keys';
import type { PollService } from './polls';
import type { SiteService } from './sites';
import type { VoterTokens } from './voter-tokens';
import type { VotingService } from './voting';

/** The services the HTTP routes use; built once in app wiring (bootstrap.ts). */
export interface Services {
  polls: PollService;
  voting: VotingService;
  apiKeys: ApiKeyService;
  sites: SiteService;
  voterTokens: VoterTokens;
}
