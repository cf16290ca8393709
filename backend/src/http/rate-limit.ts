import type { Middleware } from 'koa';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors';

/**
 * A request budget per minute, keyed by client IP or by a header (the voter token). The limiter
 * is memory-backed in the embedded mode; the cluster passes a Redis-backed one, so that a limit
 * holds across instances.
 */
export class RateLimit {
  constructor(
    private readonly name: string,
    private readonly limiter: RateLimiterAbstract,
  ) {}

  static memory(name: string, perMinute: number): RateLimit {
    return new RateLimit(name, new RateLimiterMemory({ keyPrefix: name, points: perMinute, duration: 60 }));
  }

  /** Shared by all instances; falls back to a per-instance budget while Redis is unreachable. */
  static redis(name: string, perMinute: number, client: Redis): RateLimit {
    return new RateLimit(
      name,
      new RateLimiterRedis({
        storeClient: client,
        keyPrefix: `votewire:rl:${name}`,
        points: perMinute,
        duration: 60,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: name, points: perMinute, duration: 60 }),
      }),
    );
  }

  byIp(): Middleware {
    return (ctx, next) => this.take(`ip:${ctx.ip}`, next);
  }

  byHeader(header: string): Middleware {
    return (ctx, next) => {
      const value = ctx.get(header);
      return value ? this.take(`h:${value.slice(0, 200)}`, next) : next();
    };
  }

  private async take(key: string, next: () => Promise<unknown>): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new AppError(429, 'rate_limited', `Too many requests (${this.name}); retry in ${seconds} s`, undefined, {
        'Retry-After': String(seconds),
      });
    }
    await next();
  }
}
