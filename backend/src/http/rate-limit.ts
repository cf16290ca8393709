import type { Middleware, ParameterizedContext } from 'koa';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '../errors';

/**
 * A request budget per minute, keyed by client IP and optionally by a header (the voter token).
 * The limiter is memory-backed in the embedded mode; the cluster passes a Redis-backed one, so
 * that a limit holds across instances.
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

  /** By client IP. */
  byIp(): Middleware {
    return async (ctx, next) => {
      await this.take(`ip:${ctx.ip}`);
      await next();
    };
  }

  /** By the value of a header the request carries (the voter token); none spends nothing. */
  byHeader(header: string): Middleware {
    return async (ctx, next) => {
      const value = ctx.get(header);
      if (value) await this.take(`h:${value.slice(0, 200)}`);
      await next();
    };
  }

  /**
   * A budget of failures rather than requests: a request that throws what `failed` recognises
   * spends one point of its IP's budget, and while that budget is spent, requests that `applies`
   * to are refused before they run. Requests that succeed cost nothing.
   */
  failuresByIp(applies: (ctx: ParameterizedContext) => boolean, failed: (err: unknown) => boolean): Middleware {
    return async (ctx, next) => {
      if (!applies(ctx)) return next();
      const key = `fail:${ctx.ip}`;
      const spent = await this.limiter.get(key);
      if (spent && spent.consumedPoints >= this.limiter.points) throw this.refusal(spent);
      try {
        await next();
      } catch (err) {
        if (failed(err)) await this.take(key);
        throw err;
      }
    };
  }

  /** Per socket connection: the same budget as HTTP, keyed by the client's IP. */
  consume(ip: string): Promise<void> {
    return this.take(`ip:${ip}`);
  }

  private async take(key: string): Promise<void> {
    try {
      await this.limiter.consume(key);
    } catch (err) {
      throw err instanceof RateLimiterRes ? this.refusal(err) : err;
    }
  }

  private refusal(spent: RateLimiterRes): AppError {
    const seconds = Math.max(1, Math.ceil(spent.msBeforeNext / 1000));
    return new AppError(429, 'rate_limited', `Too many requests (${this.name}); retry in ${seconds} s`, undefined, {
      'Retry-After': String(seconds),
    });
  }
}
