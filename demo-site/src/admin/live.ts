// Live results for the admin view. The Socket.IO client is the one the backend serves at
// /socket.io/socket.io.js (no bundled copy to keep in step with the server); when it cannot load,
// or the server says results are not visible to an anonymous subscriber (hidden, after_close,
// after_vote polls), the view polls GET /results with the admin key every 2 s instead.
import type { PollPhaseEvent, PollResults, RoundsEvent, SubscribeAck, SubscribeRequest } from '@votewire/wire';
import type { AdminApi } from './api.js';

const POLL_INTERVAL_MS = 2000;

interface ClientSocket {
  connected: boolean;
  on(event: 'connect' | 'disconnect', listener: () => void): void;
  on(event: 'results', listener: (results: PollResults) => void): void;
  on(event: 'phase', listener: (event: PollPhaseEvent) => void): void;
  on(event: 'rounds', listener: (event: RoundsEvent) => void): void;
  emit(event: 'subscribe', req: SubscribeRequest, ack: (res: SubscribeAck) => void): void;
  disconnect(): void;
}

type IoFactory = (opts: { path: string; transports: string[] }) => ClientSocket;

declare global {
  interface Window {
    io?: IoFactory;
  }
}

let ioLoad: Promise<IoFactory | null> | null = null;

function loadSocketIo(): Promise<IoFactory | null> {
  ioLoad ??= new Promise((resolve) => {
    if (window.io) return resolve(window.io);
    const script = document.createElement('script');
    script.src = '/socket.io/socket.io.js';
    script.onload = () => resolve(window.io ?? null);
    script.onerror = () => resolve(null);
    document.head.append(script);
  });
  return ioLoad;
}

export type LiveMode = 'connecting' | 'socket' | 'polling';

export interface LiveHandlers {
  onResults(results: PollResults): void;
  onPhase(event: PollPhaseEvent): void;
  onMode(mode: LiveMode): void;
  onError(err: unknown): void;
}

export class LiveResults {
  private socket: ClientSocket | null = null;
  private timer: number | null = null;
  private version = -1;
  private last: PollResults | null = null;
  /** A ranked poll's rounds, which the socket sends apart from its first preferences. */
  private rounds: Pick<RoundsEvent, 'version' | 'computedAt' | 'rounds'> | null = null;
  private stopped = false;

  constructor(
    private readonly api: AdminApi,
    private readonly pollId: string,
    private readonly handlers: LiveHandlers,
  ) {}

  async start(): Promise<void> {
    this.handlers.onMode('connecting');
    await this.fetchOnce();
    const io = await loadSocketIo();
    if (this.stopped) return;
    if (!io) return this.startPolling();
    const socket = io({ path: '/socket.io', transports: ['websocket', 'polling'] });
    this.socket = socket;
    socket.on('connect', () => this.subscribe());
    socket.on('disconnect', () => this.startPolling());
    socket.on('results', (results) => {
      if (results.pollId === this.pollId) this.accept(results);
    });
    socket.on('rounds', (event) => {
      if (event.pollId === this.pollId && this.keepRounds(event) && this.last) this.handlers.onResults(this.withRounds(this.last));
    });
    socket.on('phase', (event) => {
      if (event.pollId === this.pollId) this.handlers.onPhase(event);
    });
    // If the socket never connects, the numbers must still move.
    window.setTimeout(() => {
      if (!this.stopped && !socket.connected) this.startPolling();
    }, 3000);
  }

  /** Re-reads results now (after close/reopen, say) instead of waiting for the next push or tick. */
  refresh(): Promise<void> {
    return this.fetchOnce();
  }

  stop(): void {
    this.stopped = true;
    this.stopPolling();
    this.socket?.disconnect();
    this.socket = null;
  }

  private subscribe(): void {
    this.socket?.emit('subscribe', { pollId: this.pollId, rounds: true }, (ack) => {
      if (this.stopped) return;
      if (ack.ok && ack.visible) {
        this.stopPolling();
        this.handlers.onMode('socket');
        if (ack.results) this.accept(ack.results);
      } else {
        this.startPolling();
      }
    });
  }

  private startPolling(): void {
    if (this.stopped || this.timer !== null) return;
    this.handlers.onMode('polling');
    this.timer = window.setInterval(() => void this.fetchOnce(), POLL_INTERVAL_MS);
  }

  private stopPolling(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
  }

  private async fetchOnce(): Promise<void> {
    try {
      this.accept(await this.api.getResults(this.pollId));
    } catch (err) {
      if (!this.stopped) this.handlers.onError(err);
    }
  }

  private accept(results: PollResults): void {
    // Pushes and polled reads can arrive out of order; versions only go up.
    if (results.version < this.version) return;
    this.version = results.version;
    this.last = results;
    if (results.rounds) {
      this.keepRounds({ version: results.roundsVersion ?? 0, computedAt: results.roundsComputedAt ?? 0, rounds: results.rounds });
    }
    this.handlers.onResults(this.withRounds(results));
  }

  /** Keeps the newer rounds; true when these are. */
  private keepRounds(next: Pick<RoundsEvent, 'version' | 'computedAt' | 'rounds'>): boolean {
    if (this.rounds && next.version < this.rounds.version) return false;
    this.rounds = next;
    return true;
  }

  private withRounds(results: PollResults): PollResults {
    const r = this.rounds;
    return r ? { ...results, rounds: r.rounds, roundsVersion: r.version, roundsComputedAt: r.computedAt } : results;
  }
}
