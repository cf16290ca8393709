/**
 * `votewire/client`: the typed client of the Votewire API alone, for sites that build their own
 * poll UI; it neither defines `<vote-poll>` nor loads Lit.
 */
export { VotewireClient, type VotewireClientOptions, type PendingVote } from './client/votewire-client.js';
export type { LiveHandlers, LiveSubscription } from './client/live.js';
export { VotewireError } from './client/errors.js';
export type * from '@votewire/wire';
