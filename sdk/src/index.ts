/**
 * The `votewire` package: the `<vote-poll>` element (defined on import) and the typed
 * `VotewireClient` for sites that build their own UI.
 */
export { VotePoll } from './components/vote-poll/vote-poll.js';
export { VotewireClient, type VotewireClientOptions, type PendingVote } from './client/votewire-client.js';
export type { LiveHandlers, LiveSubscription } from './client/live.js';
export { VotewireError } from './client/errors.js';
export { addStrings } from './i18n/i18n.js';
export type { Strings, StringKey } from './i18n/strings.js';
export type * from './events.js';
export type * from '@votewire/wire';
