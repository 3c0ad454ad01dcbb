/**
 * The Redis connections of one replica (node-redis, @redis/client): one for commands, one in
 * subscriber mode for the shared cool-down. Redis is a help, never a dependency:
 *
 * - commands are refused at once while disconnected (`disableOfflineQueue`), and every use in the
 *   request path is also bounded by REDIS_TIMEOUT_MS (`within`), since a hung server never answers
 *   (node-redis's own command timeout only covers the wait to be sent);
 * - the client reconnects for ever, with a capped backoff; callers fall back to their local state
 *   meanwhile (the quota's insurance limiter, the local cool-down, the local APQ tier);
 * - start-up waits at most a moment for the first connection and then goes on without it;
 * - availability changes are logged once each (not every reconnect attempt), without the URL.
 */
import { createClient, type RedisClientType } from '@redis/client';
import type { Logger } from 'pino';

export type Redis = RedisClientType;

export interface RedisConnections {
  /** Commands: the quota, the cool-down key, the APQ cache. */
  client: Redis;
  /** Subscriber mode: the cool-down channel. */
  subscriber: Redis;
  /** Runs `listener` on every (re)connection of `which` (also the first). */
  onReady(which: 'client' | 'subscriber', listener: () => void): void;
  close(): Promise<void>;
}

export interface RedisOptions {
  url: string;
  /** REDIS_TIMEOUT_MS. */
  timeoutMs: number;
  logger: Logger;
}

/** Reconnect backoff: 50 ms doubling up to 1 s. */
const reconnectStrategy = (retries: number): number => Math.min(50 * 2 ** retries, 1000);

/** Opens both connections; waits for them at most a moment (max(REDIS_TIMEOUT_MS, 1 s)). */
export async function connectRedis(options: RedisOptions): Promise<RedisConnections> {
  const { logger, timeoutMs } = options;
  const connectMs = Math.max(timeoutMs, 1000);
  const client: Redis = createClient({
    url: options.url,
    disableOfflineQueue: true,
    commandOptions: { timeout: timeoutMs },
    socket: { connectTimeout: connectMs, reconnectStrategy },
  });
  const subscriber: Redis = client.duplicate();

  // One line per change of availability, whichever connection notices first.
  let available: boolean | undefined;
  const down = (error: unknown) => {
    if (available === false) return;
    available = false;
    logger.warn({ err: safeError(error) }, 'Redis unreachable: per-replica quota, local 429 cool-down and local APQ cache until it is back');
  };
  const up = () => {
    if (available === false) logger.info('Redis reachable again: quota, 429 cool-down and APQ cache shared again');
    available = true;
  };
  for (const connection of [client, subscriber]) {
    // node-redis emits 'error' for every failed (re)connect; an unhandled 'error' would crash us.
    connection.on('error', down);
    connection.on('ready', up);
  }

  const connecting = Promise.all([client.connect(), subscriber.connect()]).then(
    () => true,
    () => false,
  );
  const connected = await Promise.race([connecting, delay(connectMs, false)]);
  if (!connected) down(new Error(`no connection within ${connectMs} ms`));

  return {
    client,
    subscriber,
    onReady(which, listener) {
      const connection = which === 'client' ? client : subscriber;
      connection.on('ready', listener);
      if (connection.isReady) listener();
    },
    async close() {
      await Promise.all(
        [client, subscriber].map(async (connection) => {
          try {
            if (connection.isReady) await within(connection.close(), 1000, () => undefined);
          } catch {
            // closing anyway
          }
          if (connection.isOpen) connection.destroy();
        }),
      );
    },
  };
}

/**
 * `promise`, or `fallback()` when it has not settled within `ms`. The late settlement is swallowed
 * (a late RateLimiterRes rejection must not become an unhandled rejection).
 */
export function within<T>(promise: Promise<T>, ms: number, fallback: () => T | Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).then(
    (value) => {
      clearTimeout(timer);
      return value === TIMED_OUT ? fallback() : value;
    },
    (error: unknown) => {
      clearTimeout(timer);
      throw error;
    },
  );
}

const TIMED_OUT: unique symbol = Symbol('timed out');

function delay<T>(ms: number, value: T): Promise<T> {
  return new Promise((resolve) => setTimeout(resolve, ms, value).unref());
}

/** What of a Redis error may be logged: name, code, and the message with any URL user-info masked. */
export function safeError(error: unknown): { name: string; code?: string; message: string } {
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | null;
  return {
    name: typeof e?.name === 'string' ? e.name : 'Error',
    ...(typeof e?.code === 'string' && { code: e.code }),
    message: (typeof e?.message === 'string' ? e.message : String(error)).replace(/\/\/[^/@\s]*@/g, '//***@').slice(0, 300),
  };
}
