import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors';
import type { RateLimit } from '../http/rate-limit';

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

  constructor(
    private readonly perIp: number,
    private readonly events: RateLimit,
  ) {}

  /** Whether a new connection from `ip` would be over the cap (checked at the handshake). */
  full(ip: string): boolean {
    return (this.connections.get(ip) ?? 0) >= this.perIp;
  }

  /** Counts a connection; false when it is over the cap (handshakes that raced past full()). */
  admit(ip: string): boolean {
    const count = (this.connections.get(ip) ?? 0) + 1;
    this.connections.set(ip, count);
    return count <= this.perIp;
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

  /** `load(pollId)`, unless it recently found no such poll; remembers ids it finds missing. */
  async knownPoll<T>(pollId: string, load: (pollId: string) => Promise<T>, now = Date.now()): Promise<T> {
    const missingSince = this.unknown.get(pollId);
    if (missingSince !== undefined && now - missingSince < UNKNOWN_POLL_MS) throw pollNotFound();
    try {
      return await load(pollId);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) {
        if (this.unknown.size >= MAX_UNKNOWN) this.unknown.clear(); // bounded: made-up ids cannot grow it
        this.unknown.set(pollId, now);
      }
      throw err;
    }
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
