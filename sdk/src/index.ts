/**
 * The `votewire` package: the `<vote-poll>` element (defined on import) and the typed
 * `VotewireClient` for sites that build their own UI (also alone, as `votewire/client`).
 */
export { VotePoll } from './components/vote-poll/vote-poll.js';
export * from './client.js';
export { addStrings } from './i18n/i18n.js';
export type { Strings, StringKey } from './i18n/strings.js';
export type * from './events.js';
