import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors';
import type { RateLimit } from '../http/rate-limit';
import type { Poll } from '../models/Poll';

/** How long an unknown poll id is answered from memory: a flood of made-up ids costs no query. */
const UNKNOWN_POLL_MS = 10_000;
const MAX_UNKNOWN = 10_000;

/**
 * The limits that keep one client from stalling the process through its sockets: a cap on
 * connections per IP (on this instance), a per-IP budget of socket events (shared across
 * instances when the limiter is), and a negative cache of unknown poll ids.
 */
export class SocketGuard {
  private readonly connections = new Map<string, number>();
  private readonly unknown = new Map<string, number>();
  private readonly loading = new Map<string, Promise<Poll>>();

  constructor(
    private readonly perIp: number,
    private readonly events: RateLimit,
  ) {}

  /** Whether a new connection from `ip` would be over the cap (checked at the handshake). */
  full(ip: string): boolean {
    return (this.connections.get(ip) ?? 0) >= this.perIp;
  }

  /** Counts a connection, unless it is over the cap (handshakes that raced past full()). */
  admit(ip: string): boolean {
    if (this.full(ip)) return false;
    this.connections.set(ip, (this.connections.get(ip) ?? 0) + 1);
    return true;
  }

  release(ip: string): void {
    const count = (this.connections.get(ip) ?? 1) - 1;
    if (count > 0) this.connections.set(ip, count);
    else this.connections.delete(ip);
  }

  /** One event of the IP's budget; throws the 429 AppError when it is spent. */
  spend(ip: string): Promise<void> {
    return this.events.consume(ip);
  }

  /**
   * `load(pollId)`, unless it recently found no such poll; remembers ids it finds missing. Lookups
   * of one id already under way are shared, so a burst for one made-up id costs one query.
   */
  knownPoll(pollId: string, load: (pollId: string) => Promise<Poll>, now = Date.now()): Promise<Poll> {
    const missingSince = this.unknown.get(pollId);
    if (missingSince !== undefined && now - missingSince < UNKNOWN_POLL_MS) return Promise.reject(pollNotFound());
    const pending = this.loading.get(pollId);
    if (pending) return pending;
    const lookup = load(pollId)
      .catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) {
          if (this.unknown.size >= MAX_UNKNOWN) this.unknown.clear(); // bounded: made-up ids cannot grow it
          this.unknown.set(pollId, now);
        }
        throw err;
      })
      .finally(() => this.loading.delete(pollId));
    this.loading.set(pollId, lookup);
    return lookup;
  }
}

const pollNotFound = () => new AppError(404, 'poll_not_found', 'No poll with this id');

/** The client's address, as Koa's `ctx.ip` finds it (proxy: the last X-Forwarded-For entry). */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy
    ? String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .at(-1)
        ?.trim()
    : '';
  return (forwarded || req.socket.remoteAddress || '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}
