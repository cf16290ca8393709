/**
 * The Votewire wire format: what the public widget API, the admin API and the Socket.IO channel
 * send and receive. Types only, so the SDK and the console agree with the backend without sharing
 * runtime code.
 *
 * GENERATED from wire/src/schema by `npm run types -w wire`: edit the schemas, not this file.
 */

/** `GET /api/v1/polls/{id}` with an admin key, and every admin poll response. */
export interface AdminPoll {
  id: string;
  question: string;
  description: string | null;
  type: PollType;
  minChoices: number;
  maxChoices: number;
  resultsVisibility: ResultsVisibility;
  allowVoteChange: boolean;
  voterPolicy: VoterPolicy;
  maxBallotsPerIp: number;
  status: PollStatus;
  phase: PollPhase;
  opensAt: string | null;
  closesAt: string | null;
  options: PollOption[];
  serverTime: string;
  siteId: number;
  ballotCount: number;
  createdAt: string;
  updatedAt: string;
}

/** An ALTCHA challenge (https://altcha.org/docs/server-integration), valid for 5 minutes. */
export interface AltchaChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  /** Carries the expiry (`?expires=` epoch seconds) and the poll id */
  salt: string;
  signature: string;
}

export interface ApiErrorBody {
  error: {
    /** Stable and machine-readable, e.g. validation_failed */
    code: string;
    /** For humans; names the failing field */
    message: string;
    details?: unknown;
  };
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyInput {
  name: string;
}

export interface ApiKeyList {
  items: ApiKeyInfo[];
}

export interface ConsistencyProof {
  /** The earlier tree size. */
  first: number;
  /** The later tree size. */
  second: number;
  /** RFC 9162 §2.1.4 consistency proof. */
  consistencyPath: string[];
}

/** Only the create response carries the secret. */
export interface CreatedApiKey {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The secret: stored hashed and never shown again. */
  key: string;
}

export interface CreatedIdentityKey {
  /** The JWT header `kid` */
  id: string;
  /** The HS256 key: sign with the UTF-8 bytes of this string (`new TextEncoder().encode(secret)`). Shown once, stored encrypted. */
  secret: string;
}

export interface CreatedSite {
  site: Site;
  apiKey: CreatedApiKey;
}

export interface IdentityKeyInfo {
  /** The JWT header `kid` */
  id: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface IdentityKeyList {
  items: IdentityKeyInfo[];
}

export interface InclusionProof {
  /** The tree the path leads up to. */
  treeSize: number;
  leafIndex: number;
  entry: LogEntry;
  /** RFC 9162 §2.1.3 inclusion path, from the leaf up. */
  inclusionPath: string[];
}

/** One accepted ballot or vote change. Leaf bytes: the UTF-8 of JSON.stringify of this object with its keys in this order, no whitespace, supersedes omitted when absent. */
export interface LogEntry {
  /** The entry’s 0-based leaf index in its poll’s log. */
  seq: number;
  /** Lowercase hex SHA-256 of the UTF-8 bytes of the vote response’s receipt. */
  commitment: string;
  /** The ballot’s option ids as the voter sent them (ranked: preference order). */
  optionIds: number[];
  /** On a vote change: the seq of the same commitment’s previous entry. */
  supersedes?: number;
  /** When the entry was appended, ISO 8601 UTC with milliseconds. */
  at: string;
}

export interface LogEntryPage {
  entries: LogEntry[];
}

export interface LogKey {
  /** The first 16 hex characters of SHA-256 of the raw public key. */
  keyId: string;
  algorithm: 'Ed25519';
  /** Standard base64 of the raw 32-byte public key. */
  publicKey: string;
  createdAt: string;
}

export interface LogKeyList {
  keys: LogKey[];
}

export interface MyVote {
  optionIds: number[];
  receipt: string;
}

export interface OptionInput {
  /** An existing option of this poll, kept (and relabelled) by an update */
  id?: number;
  label: string;
  imageUrl?: string | null;
}

export interface OptionResult {
  id: number;
  votes: number;
  /** Share of ballots that chose this option (first preferences for ranked polls). */
  percent: number;
}

/** The poll changed (phase, results visibility, options, or it was deleted: then `phase` is `closed`). `visible` says whether this connection receives its counts from now on; a widget reloads the poll. */
export interface PollChangedEvent {
  pollId: string;
  phase: PollPhase;
  visible: boolean;
}

/** A poll was closed: its final results, and the ballot log’s signed tree head where the log exists */
export interface PollClosedEvent {
  type: 'poll.closed';
  /** When the event happened (the `webhook-timestamp` header is the attempt’s time) */
  timestamp: string;
  data: {
    poll: AdminPoll;
    results: PollResults;
    treeHead?: SignedTreeHead;
  };
}

/** A poll was created */
export interface PollCreatedEvent {
  type: 'poll.created';
  /** When the event happened (the `webhook-timestamp` header is the attempt’s time) */
  timestamp: string;
  data: {
    poll: AdminPoll;
  };
}

/** A new poll: `question` and `options` are required. */
export interface PollInput {
  question: string;
  description?: string | null;
  type?: PollType;
  /** Default 1 */
  minChoices?: number;
  /** Default 1 for single polls, the number of options otherwise */
  maxChoices?: number;
  resultsVisibility?: ResultsVisibility;
  allowVoteChange?: boolean;
  voterPolicy?: VoterPolicy;
  /** Default 1; counts only under the `ip` policy */
  maxBallotsPerIp?: number;
  status?: PollStatus;
  opensAt?: string | null;
  closesAt?: string | null;
  options: OptionInput[];
}

export interface PollListQuery {
  status?: PollStatus;
  type?: PollType;
  /** Text in the question */
  q?: string;
  limit?: number;
  offset?: number;
}

/** A poll was opened (or reopened) */
export interface PollOpenedEvent {
  type: 'poll.opened';
  /** When the event happened (the `webhook-timestamp` header is the attempt’s time) */
  timestamp: string;
  data: {
    poll: AdminPoll;
  };
}

export interface PollOption {
  id: number;
  label: string;
  position: number;
  imageUrl: string | null;
}

export interface PollPage {
  items: AdminPoll[];
  total: number;
  limit: number;
  offset: number;
}

/** Any subset of PollInput, merged over the current poll. Options, type and choice limits are frozen once the poll has votes. */
export interface PollPatch {
  question?: string;
  description?: string | null;
  type?: PollType;
  /** Default 1 */
  minChoices?: number;
  /** Default 1 for single polls, the number of options otherwise */
  maxChoices?: number;
  resultsVisibility?: ResultsVisibility;
  allowVoteChange?: boolean;
  voterPolicy?: VoterPolicy;
  /** Default 1; counts only under the `ip` policy */
  maxBallotsPerIp?: number;
  status?: PollStatus;
  opensAt?: string | null;
  closesAt?: string | null;
  options?: OptionInput[];
}

/** What a voter sees right now: the stored status combined with `opensAt`/`closesAt`. */
export type PollPhase = 'draft' | 'scheduled' | 'open' | 'closed';

export interface PollPhaseEvent {
  pollId: string;
  phase: PollPhase;
}

export interface PollResults {
  pollId: string;
  /** Only goes up; clients keep the highest version they have seen. */
  version: number;
  totalBallots: number;
  options: OptionResult[];
  /** How many entries of the poll’s ballot log these counts include (absent when the deployment keeps no log). */
  treeSize?: number;
  /** Ranked polls only (in HTTP reads and to sockets that asked for them): every instant-runoff round, counted at most once a second, so they may count an earlier version than `version` (see `roundsVersion`). */
  rounds?: RunoffRound[];
  /** With `rounds`: the version whose ballots they count. */
  roundsVersion?: number;
  /** With `rounds`: server time (ms since epoch) at which they were counted. */
  roundsComputedAt?: number;
  /** Server time (ms since epoch) at which these counts were committed; used to measure fan-out latency. */
  committedAt?: number;
}

/** The results changed: absolute counts and their version (compare versions, keep the highest); at most one per poll per resultsIntervalSeconds */
export interface PollResultsEvent {
  type: 'poll.results';
  /** When the event happened (the `webhook-timestamp` header is the attempt’s time) */
  timestamp: string;
  data: {
    pollId: string;
    results: PollResults;
  };
}

export type PollStatus = 'draft' | 'open' | 'closed';

export type PollType = 'single' | 'multiple' | 'ranked';

/** A poll’s fields or options changed */
export interface PollUpdatedEvent {
  type: 'poll.updated';
  /** When the event happened (the `webhook-timestamp` header is the attempt’s time) */
  timestamp: string;
  data: {
    poll: AdminPoll;
  };
}

export interface ProofOfWork {
  /** Anonymous voter tokens cost a solved ALTCHA challenge */
  enabled: boolean;
  /** The challenge's maxnumber (default 50000): a solver hashes half of it on average */
  difficulty: number;
}

/** `GET /api/v1/polls/{id}` without an admin key. */
export interface PublicPoll {
  id: string;
  question: string;
  description: string | null;
  type: PollType;
  minChoices: number;
  maxChoices: number;
  resultsVisibility: ResultsVisibility;
  allowVoteChange: boolean;
  voterPolicy: VoterPolicy;
  maxBallotsPerIp: number;
  status: PollStatus;
  phase: PollPhase;
  opensAt: string | null;
  closesAt: string | null;
  options: PollOption[];
  serverTime: string;
  /** Present when this voter may see results now, otherwise null. */
  results: PollResults | null;
  /** The caller’s ballot, when an X-Voter-Token header was sent and the voter has voted. */
  myVote: MyVote | null;
  /** Whether the requesting page’s origin may vote in this poll (true for requests without an Origin header); sent by the voter’s read. */
  originAllowed?: boolean;
}

/** Sent just before the server disconnects a connection that went over its limits. */
export interface RefusedEvent {
  code: 'rate_limited' | 'too_many_connections';
  message: string;
}

export type ResultsVisibility = 'always' | 'after_vote' | 'after_close' | 'hidden';

/** A ranked poll's instant-runoff rounds, sent on the socket only to subscriptions with `rounds: true`, at most once per poll per interval (1 s by default). */
export interface RoundsEvent {
  pollId: string;
  /** The version whose ballots these rounds count. */
  version: number;
  /** Server time (ms since epoch) at which they were counted. */
  computedAt: number;
  rounds: RunoffRound[];
}

/** One instant-runoff round: the continuing options' counts, then who was eliminated. */
export interface RunoffRound {
  round: number;
  counts: Array<{
    id: number;
    votes: number;
  }>;
  /** Ballots whose every remaining choice was eliminated. */
  exhausted: number;
  eliminated: number[];
  /** Set on the last round: the option with a majority of continuing ballots (or the tie survivors). */
  winnerIds: number[];
}

export interface SignedTreeHead {
  /** Entries in the tree. */
  treeSize: number;
  /** RFC 9162 Merkle tree hash of the first treeSize entries (SHA-256 of the empty string for none). */
  rootHash: string;
  /** When signed, milliseconds since the epoch. */
  timestamp: number;
  keyId: string;
  /** Standard base64 Ed25519 signature over the UTF-8 of these lines joined by "\n": votewire-tree-head-v1, the poll id, treeSize, rootHash, timestamp. */
  signature: string;
}

export interface Site {
  id: number;
  name: string;
  allowedOrigins: string[];
  proofOfWork: ProofOfWork;
  createdAt: string;
}

export interface SiteInput {
  name: string;
  allowedOrigins?: string[];
  proofOfWork?: ProofOfWork;
}

export interface SitePatch {
  name?: string;
  allowedOrigins?: string[];
  proofOfWork?: ProofOfWork;
}

export type SubscribeAck = {
  ok: true;
  visible: boolean;
  phase: PollPhase;
  results: PollResults | null;
} | {
  ok: false;
  error: {
    code: string;
    message: string;
  };
};

export interface SubscribeRequest {
  pollId: string;
  /** The voter token, so that `after_vote` results reach a voter who has voted. */
  voterToken?: string;
  /** Ranked polls: also send the instant-runoff rounds (in the acknowledgement, as a `rounds` event with the latest count right after it, and as `rounds` events whenever they are counted again). `results` events carry first preferences only. */
  rounds?: boolean;
}

export interface UnsubscribeAck {
  ok: boolean;
}

export interface UnsubscribeRequest {
  pollId: string;
}

export interface VoteRequest {
  /** Chosen option ids; for ranked polls the order is the ranking, first preference first. */
  optionIds: number[];
}

export interface VoteResponse {
  receipt: string;
  pollId: string;
  optionIds: number[];
  /** True when this request replaced an earlier ballot of the same voter. */
  changed: boolean;
  /** The version of `results`; absent with them, as it counts ballots. */
  version?: number;
  /** Fresh, authoritative results at `version`, or null while the poll’s visibility hides them. */
  results: PollResults | null;
}

/** Who counts as one voter: `browser` an anonymous voter token (one vote per device), `ip` at most `maxBallotsPerIp` ballots per client address (IPv6 per /64), `site_user` a user of the embedding site, vouched for by a JWT its server signs. */
export type VoterPolicy = 'browser' | 'ip' | 'site_user';

export interface VoterTokenRequest {
  /** The one poll the token votes in */
  pollId: string;
  /** A solved challenge of GET /api/v1/voter-tokens/challenge: base64 of the JSON {algorithm, challenge, number, salt, signature}, the value the ALTCHA widget submits as its `altcha` field. Required for an anonymous token when the site’s proofOfWork is on; usable once. */
  altcha?: string;
  /** A JWT the site’s server signed (HS256, header kid = an identity key id; sub, aud = the site id, exp ≤ 24 h ahead): the token’s voter is that user of the site. Required on site_user polls. */
  identity?: string;
}

export interface VoterTokenResponse {
  token: string;
  expiresAt: string;
}

export interface Webhook {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string;
  status: WebhookStatus;
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookAttempt {
  at: string;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  /** The `webhook-id` header: the same on every attempt, the receiver’s idempotency key */
  id: string;
  eventType: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastResponseCode: number | null;
  lastResponseBody: string | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Every attempt, oldest first */
  history: WebhookAttempt[];
}

export interface WebhookDeliveryList {
  items: WebhookDelivery[];
}

export type WebhookEventType = 'poll.created' | 'poll.updated' | 'poll.opened' | 'poll.closed' | 'poll.results';

export interface WebhookInput {
  /** https only, resolving to public addresses (http and private targets only with VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE) */
  url: string;
  events: WebhookEventType[];
  description?: string;
}

export interface WebhookList {
  items: Webhook[];
}

export interface WebhookPatch {
  /** https only, resolving to public addresses (http and private targets only with VOTEWIRE_WEBHOOKS_ALLOW_PRIVATE) */
  url?: string;
  events?: WebhookEventType[];
  description?: string;
  /** false disables the endpoint; true enables it again and clears `failing` */
  enabled?: boolean;
}

export interface WebhookSecret {
  id: string;
  /** `whsec_` + base64 of 32 random bytes, as the Standard Webhooks libraries take it. Shown once, stored encrypted. */
  secret: string;
}

/** `active`; `failing` once a delivery used up its last attempt (cleared by the next delivery that succeeds); `disabled` after the receiver answered 410 Gone or `enabled: false` (nothing is sent until it is enabled again). */
export type WebhookStatus = 'active' | 'failing' | 'disabled';

/** Sent by POST /api/v1/webhooks/{id}/test */
export interface WebhookTestEvent {
  type: 'webhook.test';
  /** When the event happened (the `webhook-timestamp` header is the attempt’s time) */
  timestamp: string;
  data: {
    webhookId: string;
    message: string;
  };
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: UnsubscribeRequest, ack?: (res: UnsubscribeAck) => void) => void;
}

export interface ServerToClientEvents {
  results: (results: PollResults) => void;
  /** Ranked polls, to subscriptions that asked for rounds. */
  rounds: (event: RoundsEvent) => void;
  /** The poll opened or closed: a widget reloads the poll to show the new phase. */
  phase: (event: PollPhaseEvent) => void;
  poll: (event: PollChangedEvent) => void;
  refused: (event: RefusedEvent) => void;
}
