import { Redis } from 'ioredis';
import type { Logger } from '../log';

export interface RedisClients {
  pub: Redis;
  sub: Redis;
  close(): Promise<void>;
}

/**
 * Two connections (a subscriber cannot publish). They reconnect forever with a capped backoff, so
 * a Redis restart heals by itself; while Redis is away, votes go on and only cross-instance live
 * updates pause.
 */
export function connectRedis(url: string, log: Logger): RedisClients {
  const options = {
    retryStrategy: (times: number) => Math.min(100 * times, 1000),
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  };
  // Commands issued in one event-loop turn (every request's rate-limit check, say) go out in one
  // write: under load, one syscall for many requests instead of one each.
  const pub = new Redis(url, { ...options, enableAutoPipelining: true, connectionName: 'votewire-pub' });
  const sub = new Redis(url, { ...options, connectionName: 'votewire-sub' });
  // The Socket.IO Redis adapter publishes without handling the returned promise. While Redis is
  // down ioredis rejects it (MaxRetriesPerRequestError), and that unhandled rejection ended the
  // process: every instance died with Redis (the fault suite's Redis stop). A lost publish only delays
  // live updates, and instances resync when Redis is back.
  const publish = pub.publish.bind(pub) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  (pub as unknown as { publish: typeof publish }).publish = (channel, message) => publish(channel, message).catch(() => 0);
  let down = false;
  for (const client of [pub, sub]) {
    client.on('error', (err: Error) => {
      if (!down) log.warn({ err: err.message }, 'redis unavailable; live updates stay on this instance until it returns');
      down = true;
    });
    client.on('ready', () => {
      if (down) log.info('redis is back');
      down = false;
    });
  }
  return {
    pub,
    sub,
    close: async () => {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
