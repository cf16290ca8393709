/**
 * The Votewire wire format: what the public widget API, the admin API and the Socket.IO channel
 * send and receive. Types only, so the SDK and the backend agree without sharing runtime code.
 */

export type PollType = 'single' | 'multiple' | 'ranked';
export type ResultsVisibility = 'always' | 'after_vote' | 'after_close' | 'hidden';
export type PollStatus = 'draft' | 'open' | 'closed';
/** What a voter sees right now: the stored status combined with `opensAt`/`closesAt`. */
export type PollPhase = 'draft' | 'scheduled' | 'open' | 'closed';

export interface PollOption {
  id: number;
  label: string;
  position: number;
  imageUrl: string | null;
}

export interface OptionResult {
  id: number;
  votes: number;
  /** Share of ballots that chose this option (first preferences for ranked polls), 0..100. */
  percent: number;
}

/** One instant-runoff round: the continuing options' counts, then who was eliminated. */
export interface RunoffRound {
  round: number;
  counts: { id: number; votes: number }[];
  /** Ballots whose every remaining choice was eliminated. */
  exhausted: number;
  eliminated: number[];
  /** Set on the last round: the option with a majority of continuing ballots (or the tie survivors). */
  winnerIds: number[];
}

export interface PollResults {
  pollId: string;
  /** Only goes up; clients keep the highest version they have seen. */
  version: number;
  totalBallots: number;
  options: OptionResult[];
  /** Ranked polls only. */
  rounds?: RunoffRound[];
  /** Server time (ms since epoch) at which these counts were committed; used to measure fan-out latency. */
  committedAt?: number;
}

export interface MyVote {
  optionIds: number[];
  receipt: string;
}

/** `GET /api/v1/polls/:id` without an admin key. */
export interface PublicPoll {
  id: string;
  question: string;
  description: string | null;
  type: PollType;
  minChoices: number;
  maxChoices: number;
  resultsVisibility: ResultsVisibility;
  allowVoteChange: boolean;
  status: PollStatus;
  phase: PollPhase;
  opensAt: string | null;
  closesAt: string | null;
  options: PollOption[];
  /** Present when this voter may see results now, otherwise null. */
  results: PollResults | null;
  /** The caller's ballot, when an `X-Voter-Token` header was sent and the voter has voted. */
  myVote: MyVote | null;
  /**
   * Whether the requesting page's origin may vote in this poll (true for requests without an
   * Origin header). Sent by `GET /api/v1/polls/:id` without an admin key.
   */
  originAllowed?: boolean;
  serverTime: string;
}

/** `GET /api/v1/polls/:id` with an admin key, and every admin poll response. */
export interface AdminPoll extends Omit<PublicPoll, 'myVote' | 'results'> {
  siteId: number;
  ballotCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface PollInput {
  question: string;
  description?: string | null;
  type?: PollType;
  minChoices?: number;
  maxChoices?: number;
  resultsVisibility?: ResultsVisibility;
  allowVoteChange?: boolean;
  status?: PollStatus;
  opensAt?: string | null;
  closesAt?: string | null;
  options: { label: string; imageUrl?: string | null }[];
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface VoterTokenResponse {
  token: string;
  expiresAt: string;
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
  version: number;
  /** Fresh, authoritative results at `version`, or null while the poll's visibility hides them. */
  results: PollResults | null;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface Site {
  id: number;
  name: string;
  allowedOrigins: string[];
  createdAt: string;
}

export interface ApiKeyInfo {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Only the create response carries the secret: it is stored hashed and never shown again. */
export interface CreatedApiKey extends ApiKeyInfo {
  key: string;
}

/* ---- Socket.IO (path /socket.io) ---- */

export interface SubscribeRequest {
  pollId: string;
  /** The voter token, so that `after_vote` results reach a voter who has voted. */
  voterToken?: string;
}

export type SubscribeAck =
  { ok: true; visible: boolean; phase: PollPhase; results: PollResults | null } | { ok: false; error: { code: string; message: string } };

export interface PollPhaseEvent {
  pollId: string;
  phase: PollPhase;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: { pollId: string }, ack?: (res: { ok: boolean }) => void) => void;
}

export interface ServerToClientEvents {
  results: (results: PollResults) => void;
  /** The poll opened or closed: a widget reloads the poll to show the new phase. */
  phase: (event: PollPhaseEvent) => void;
}
