import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, PollResults, RefusedEvent, ServerToClientEvents, SubscribeAck } from '@votewire/wire';
import { SubscribeRequest } from '@votewire/wire/schema';
import { AppError } from '../errors';
import type { RateLimit } from '../http/rate-limit';
import type { Logger } from '../log';
import type { LiveEvents } from '../services/live-events';
import { phaseOf, resultsVisible } from '../services/poll-rules';
import type { PollReads } from '../services/poll-reads';
import { originAllowed, type SiteDirectory } from '../services/sites';
import type { VoterTokens } from '../services/voter-tokens';
import { bodyParser } from '../services/validate';
import type { ResultsCache } from '../services/results-cache';
import type { Rounds, RunoffRounds } from '../services/rounds/runoff-rounds';
import { clientIp, SocketGuard } from './socket-guard';

/**
 * What the channel remembers per connection: its client's address, each poll's voter key, and the
 * ranked polls whose rounds it asked for.
 */
interface SocketData {
  ip: string;
  voters: Map<string, string | null>;
  rounds: Set<string>;
}
type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>;

/** Everyone watching a poll hears about phase changes; only those allowed see its results. */
const pollRoom = (id: string) => `poll:${id}`;
const resultsRoom = (id: string) => `results:${id}`;
/** Those allowed to see a ranked poll's results who also asked for its rounds. */
const roundsRoom = (id: string) => `rounds:${id}`;
const MAX_SUBSCRIPTIONS = 50;
const parseSubscribe = bodyParser(SubscribeRequest, 'subscribe request');
const GONE: SubscribeAck = { ok: false, error: { code: 'disconnected', message: 'The connection closed' } };

export interface LiveChannelDeps {
  polls: PollReads;
  tokens: VoterTokens;
  sites: SiteDirectory;
  cache: ResultsCache;
  rounds: RunoffRounds;
  ownOrigins: readonly string[];
  instanceId: string;
  log: Logger;
  /** At most one results message per poll per interval (leading and trailing edge). */
  coalesceMs: number;
  /** Every subscribe and unsubscribe spends one point of its client IP's budget. */
  eventBudget: RateLimit;
  socketsPerIp: number;
  /** Behind the proxy the client's address is the last X-Forwarded-For entry, as for HTTP. */
  trustProxy: boolean;
}

/** Events instances send each other through the adapter (Redis in the cluster). */
interface PeerEvents {
  committed: (results: PollResults) => void;
  'poll-changed': (pollId: string) => void;
  rounds: (rounds: Rounds) => void;
}

/**
 * Live tallies over Socket.IO on the API's own HTTP server. A subscription is checked like a
 * read (the poll exists, the origin is allowed, results are visible to this voter) and
 * acknowledged with the current results; changes follow with their version.
 *
 * Fan-out: a commit on any instance reaches every instance as one peer event with absolute counts;
 * each instance keeps the newest version in its results cache and emits it to its own sockets at
 * most once per poll per interval. Absolute counts make a lost or coalesced message harmless: the
 * next one carries everything.
 *
 * A ranked poll's `results` carry first preferences only. Its runoff rounds go, as `rounds` events,
 * only to sockets that subscribed with `rounds: true`; each instance counts them for its own
 * watchers when a newer version arrives, at most once per poll per rounds interval.
 */
export class LiveChannel implements LiveEvents {
  readonly io: LiveServer;
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; dirty: boolean }>();
  private clustered = false;
  /** The version last shared with the other instances, per poll. */
  private readonly shared = new Map<string, number>();
  /** The version last sent to this instance's sockets, per poll. */
  private readonly emitted = new Map<string, number>();
  private readonly guard: SocketGuard;

  constructor(
    http: HttpServer,
    private readonly deps: LiveChannelDeps,
  ) {
    this.guard = new SocketGuard(deps.socketsPerIp, deps.eventBudget);
    this.io = new Server<ClientToServerEvents, ServerToClientEvents, PeerEvents, SocketData>(http, {
      path: '/socket.io',
      serveClient: true,
      // A page whose origin no site allows is refused at the handshake; the exact site's list is
      // checked again at subscribe time, where the poll (and so the site) is known.
      cors: { origin: true, credentials: false },
      allowRequest: (req, callback) => {
        if (this.guard.full(clientIp(req, deps.trustProxy))) return callback('too many connections from this address', false);
        deps.sites.anyAllows(req.headers.origin, deps.ownOrigins).then(
          (ok) => callback(ok ? null : 'origin not allowed', ok),
          () => callback('origin check failed', false),
        );
      },
      maxHttpBufferSize: 16 * 1024,
      pingInterval: 25_000,
      pingTimeout: 20_000,
    });
    // Socket.IO answers /socket.io/ itself (Koa never sees it): name the instance here too.
    const servedBy = (headers: Record<string, string>) => {
      headers['X-Served-By'] = deps.instanceId;
    };
    this.io.engine.on('initial_headers', servedBy);
    this.io.engine.on('headers', servedBy);
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.io.on('committed', (results: PollResults) => this.received(results));
    this.io.on('rounds', (rounds: Rounds) => {
      if (this.deps.rounds.offer(rounds)) this.io.local.to(roundsRoom(rounds.pollId)).emit('rounds', rounds);
    });
    this.io.on('poll-changed', (pollId: string) => {
      this.deps.polls.forget(pollId);
      this.announce(pollId);
    });
  }

  /** Shares commits with the other instances through `adapter` (the Redis adapter in the cluster). */
  useAdapter(adapter: Parameters<LiveServer['adapter']>[0]): void {
    this.io.adapter(adapter);
    this.clustered = true;
  }

  resultsChanged(results: PollResults): void {
    // Every vote of a batch reports the same results: share each version once.
    if (results.version <= (this.shared.get(results.pollId) ?? -1)) return;
    this.shared.set(results.pollId, results.version);
    this.received(results);
    this.tellPeers('committed', results);
  }

  pollChanged(pollId: string): void {
    this.announce(pollId);
    this.tellPeers('poll-changed', pollId);
  }

  private tellPeers<E extends keyof PeerEvents>(event: E, ...args: Parameters<PeerEvents[E]>): void {
    if (!this.clustered) return; // the in-memory adapter has no peers (and warns on serverSideEmit)
    try {
      this.io.serverSideEmit(event, ...args);
    } catch (err) {
      this.deps.log.warn({ err, event }, 'could not tell the other instances');
    }
  }

  /**
   * After Redis comes back, peers' commits made during the outage were never heard here: read
   * the current results of every poll this instance's sockets watch and send them.
   */
  async resync(): Promise<void> {
    const polls = [...this.io.of('/').adapter.rooms.keys()].filter((r) => r.startsWith('results:')).map((r) => r.slice('results:'.length));
    for (const pollId of polls) {
      try {
        this.received(await this.deps.polls.freshResults(pollId));
      } catch (err) {
        this.deps.log.warn({ err, pollId }, 'resync failed');
      }
    }
  }

  /** New rounds of a ranked poll were counted on this instance: for its sockets and the others'. */
  roundsCounted(pollId: string, rounds: Rounds): void {
    this.io.local.to(roundsRoom(pollId)).emit('rounds', rounds);
    this.tellPeers('rounds', rounds);
  }

  private received(results: PollResults): void {
    this.deps.cache.offer(results);
    if (this.io.of('/').adapter.rooms.get(roundsRoom(results.pollId))?.size) this.deps.rounds.changed(results.pollId, results.version);
    if (results.version > (this.emitted.get(results.pollId) ?? -1)) this.schedule(results.pollId);
  }

  /** Leading edge now, then at most one trailing emit per interval while changes keep coming. */
  private schedule(pollId: string): void {
    const pending = this.timers.get(pollId);
    if (pending) {
      pending.dirty = true;
      return;
    }
    this.emit(pollId);
    const entry = {
      dirty: false,
      timer: setInterval(() => {
        if (!entry.dirty) {
          clearInterval(entry.timer);
          this.timers.delete(pollId);
          return;
        }
        entry.dirty = false;
        this.emit(pollId);
      }, this.deps.coalesceMs),
    };
    entry.timer.unref();
    this.timers.set(pollId, entry);
  }

  private emit(pollId: string): void {
    const results = this.deps.cache.latest(pollId);
    if (!results || results.version <= (this.emitted.get(pollId) ?? -1)) return;
    this.emitted.set(pollId, results.version);
    this.io.local.to(resultsRoom(pollId)).emit('results', results);
  }

  /**
   * After a change of the poll (phase, visibility, options, deletion), every watcher on this
   * instance is checked again as at subscribe time: it joins or leaves the results room and gets a
   * `poll` event with what it may now see, so that widgets reload it; counts stop at once for a
   * watcher who may no longer see them.
   */
  private announce(pollId: string): void {
    this.reevaluate(pollId).catch((err) => this.deps.log.warn({ err, pollId }, 'could not announce a poll change'));
  }

  private async reevaluate(pollId: string): Promise<void> {
    const poll = await this.deps.polls.loadFresh(pollId).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 404) return null; // deleted: widgets refetch and show that it is gone
      throw err;
    });
    const now = Date.now();
    const phase = poll ? phaseOf(poll, now) : 'closed';
    this.io.local.to(pollRoom(pollId)).emit('phase', { pollId, phase });
    for (const socket of await this.io.local.in(pollRoom(pollId)).fetchSockets()) {
      const voterKey = socket.data.voters.get(pollId) ?? null;
      let visible = poll !== null && resultsVisible(poll.resultsVisibility, phase, false);
      // Only `after_vote` depends on this voter's ballot, which only the database knows; when it
      // cannot be asked, the counts stop (the widget's reload asks again).
      if (poll && !visible && voterKey && poll.resultsVisibility === 'after_vote' && poll.status !== 'draft') {
        visible = await this.deps.polls.publicView(pollId, voterKey, now).then(
          (view) => view.results !== null,
          () => false,
        );
      }
      if (visible) socket.join(resultsRoom(pollId));
      else socket.leave(resultsRoom(pollId));
      if (visible && poll?.type === 'ranked' && socket.data.rounds.has(pollId)) await this.joinRounds(socket, pollId);
      else socket.leave(roundsRoom(pollId));
      socket.emit('poll', { pollId, phase, visible });
    }
  }

  /**
   * Joins the poll's rounds room and sends the rounds kept now: any counted after this reach the
   * room, and those counted while the subscription was being read are not missed (the results in
   * its answer, read earlier, may be older than what the widget already shows, which ignores them).
   */
  private async joinRounds(
    socket: { join(room: string): Promise<void> | void; emit(event: 'rounds', rounds: Rounds): unknown },
    pollId: string,
  ): Promise<void> {
    await socket.join(roundsRoom(pollId));
    const rounds = this.deps.rounds.latest(pollId);
    if (rounds) socket.emit('rounds', rounds);
  }

  connectedSockets(): number {
    return this.io.engine.clientsCount;
  }

  close(): Promise<void> {
    for (const { timer } of this.timers.values()) clearInterval(timer);
    this.timers.clear();
    return new Promise((resolve) => this.io.close(() => resolve()));
  }

  private onConnection(socket: LiveSocket): void {
    socket.data.ip = clientIp(socket.request, this.deps.trustProxy);
    socket.data.voters = new Map();
    socket.data.rounds = new Set();
    if (!this.guard.admit(socket.data.ip)) {
      this.kick(socket, 'too_many_connections', 'Too many connections from this address');
      return;
    }
    socket.on('disconnect', () => this.guard.release(socket.data.ip));
    // One subscription at a time per connection: a burst queues instead of running hundreds of
    // lookups at once, and what is still queued when the socket is dropped never runs.
    let turn: Promise<unknown> = Promise.resolve();
    const inTurn = (work: () => Promise<SubscribeAck>) => {
      const run = turn.then(() => (socket.connected ? work() : GONE));
      turn = run.catch(() => undefined);
      return run;
    };
    let waiting = 0;
    socket.on('subscribe', (req, ack) => {
      // Nothing to answer to: a malformed client, or frames that arrived before a disconnect.
      if (typeof ack !== 'function' || !socket.connected) return;
      // More unanswered subscriptions than a connection may hold polls is a flood: dropped at once,
      // before the rest of what it sent is even decoded.
      if (++waiting > MAX_SUBSCRIPTIONS) return this.kick(socket, 'rate_limited', 'Too many subscriptions at once');
      this.guard
        .spend(socket.data.ip)
        .then(() => inTurn(() => this.subscribe(socket, req)))
        .then(ack, (err: unknown) => {
          ack(failure(err, this.deps.log));
          this.kickIfOverBudget(socket, err);
        })
        .finally(() => waiting--);
    });
    socket.on('unsubscribe', (req, ack) => {
      if (!socket.connected) return;
      const answer = typeof ack === 'function' ? ack : () => undefined;
      this.guard.spend(socket.data.ip).then(
        () => {
          const pollId = typeof req?.pollId === 'string' ? req.pollId : '';
          socket.data.voters.delete(pollId);
          socket.data.rounds.delete(pollId);
          void socket.leave(pollRoom(pollId));
          void socket.leave(resultsRoom(pollId));
          void socket.leave(roundsRoom(pollId));
          answer({ ok: true });
        },
        (err: unknown) => {
          answer({ ok: false });
          this.kickIfOverBudget(socket, err);
        },
      );
    });
  }

  /** A socket whose IP spent its event budget is disconnected, with the reason (after its answer). */
  private kickIfOverBudget(socket: LiveSocket, err: unknown): void {
    if (err instanceof AppError && err.status === 429 && socket.connected) this.kick(socket, 'rate_limited', err.message);
  }

  private kick(socket: LiveSocket, code: RefusedEvent['code'], message: string): void {
    socket.emit('refused', { code, message });
    socket.disconnect(true);
  }

  private async subscribe(socket: LiveSocket, raw: unknown): Promise<SubscribeAck> {
    const req = parseSubscribe(raw); // a client may send anything; a refusal is the ack's validation_failed
    const poll = await this.guard.knownPoll(req.pollId, (id) => this.deps.polls.cached(id));
    const site = await this.deps.sites.get(poll.siteId);
    if (!originAllowed(site, socket.handshake.headers.origin, this.deps.ownOrigins)) {
      return { ok: false, error: { code: 'origin_not_allowed', message: 'This page’s origin may not follow this poll' } };
    }
    const voterKey = req.voterToken ? this.deps.tokens.verifyForPoll(req.voterToken, poll.id).voterKey : null;
    const view = await this.deps.polls.publicView(req.pollId, voterKey);
    const rooms = [...socket.rooms].filter((r) => r.startsWith('poll:'));
    if (!rooms.includes(pollRoom(req.pollId)) && rooms.length >= MAX_SUBSCRIPTIONS) {
      return { ok: false, error: { code: 'too_many_subscriptions', message: `At most ${MAX_SUBSCRIPTIONS} polls per connection` } };
    }
    await socket.join(pollRoom(req.pollId));
    socket.data.voters.set(req.pollId, voterKey);
    const rounds = req.rounds === true && poll.type === 'ranked';
    if (rounds) socket.data.rounds.add(req.pollId);
    else socket.data.rounds.delete(req.pollId);
    if (view.results) await socket.join(resultsRoom(req.pollId));
    else await socket.leave(resultsRoom(req.pollId));
    if (view.results && rounds) await this.joinRounds(socket, req.pollId);
    else await socket.leave(roundsRoom(req.pollId));
    return {
      ok: true,
      visible: view.results !== null,
      phase: view.phase,
      results: view.results && (rounds ? view.results : firstPreferences(view.results)),
    };
  }
}

/** Results without a ranked poll's rounds, for a subscription that did not ask for them. */
function firstPreferences(results: PollResults): PollResults {
  if (!results.rounds) return results;
  const rest = { ...results };
  delete rest.rounds;
  delete rest.roundsVersion;
  delete rest.roundsComputedAt;
  return rest;
}

function failure(err: unknown, log: Logger): SubscribeAck {
  if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
  log.error({ err }, 'subscribe failed');
  return { ok: false, error: { code: 'internal_error', message: 'Could not subscribe; retry shortly' } };
}
