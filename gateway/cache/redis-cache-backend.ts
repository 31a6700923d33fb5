import { Redis } from 'ioredis';
import type { Logger } from '../../lib/logger.js';
import { CacheUnavailableError, type CacheBackend } from './cache-backend.js';
import { freshVersion } from './memory-cache-backend.js';

/** Longest a cache command may take by default; a slower Redis is treated as down for that request. */
const COMMAND_TIMEOUT_MS = 500;

/**
 * The cache shared by every gateway replica (CACHE_REDIS_URL): entries and versions live in one
 * Redis, so a write through one replica bumps the version every other replica reads next.
 *
 * Every key is prefixed with the Redis server's `run_id`, which a restart changes: a cache Redis
 * that comes back (even from an append-only file) holds nothing a replica will read, since writes
 * made while it was down could not bump their versions there. While Redis is unreachable or the
 * `run_id` of the current connection is not known yet, every call throws CacheUnavailableError and
 * the gateway answers without the cache (bypass); commands never queue up waiting for Redis.
 */
export class RedisCacheBackend implements CacheBackend {
  readonly kind = 'redis' as const;
  private readonly redis: Redis;
  private epoch: string | null = null;

  constructor(url: string, logger: Logger, commandTimeoutMs = COMMAND_TIMEOUT_MS) {
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: commandTimeoutMs,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    });
    let reported = false;
    this.redis.on('error', (error: Error) => {
      if (!reported) logger.warn({ err: error.message }, 'cache Redis unreachable; answering without the cache');
      reported = true;
    });
    this.redis.on('close', () => {
      this.epoch = null;
    });
    this.redis.on('ready', () => {
      reported = false;
      void this.readEpoch(logger);
    });
  }

  private async readEpoch(logger: Logger): Promise<void> {
    try {
      const info = await this.redis.info('server');
      const runId = /^run_id:(\w+)/m.exec(info)?.[1];
      if (!runId) throw new Error('INFO server has no run_id');
      this.epoch = runId;
    } catch (error) {
      logger.warn(
        { err: (error as Error).message },
        'cache Redis: cannot read its run_id; answering without the cache',
      );
    }
  }

  private prefix(): string {
    if (this.epoch === null || this.redis.status !== 'ready')
      throw new CacheUnavailableError('cache Redis unavailable');
    return `hub:cache:${this.epoch}:`;
  }

  private async guarded<T>(command: (prefix: string) => Promise<T>): Promise<T> {
    const prefix = this.prefix();
    try {
      return await command(prefix);
    } catch (error) {
      throw new CacheUnavailableError(`cache Redis: ${(error as Error).message}`);
    }
  }

  versions(components: readonly string[]): Promise<string[]> {
    return this.guarded(async (prefix) => {
      const keys = components.map((c) => `${prefix}v:${c}`);
      const found = await this.redis.mget(keys);
      return Promise.all(
        found.map(async (version, i) => {
          if (version !== null) return version;
          // Set a fresh one unless another replica just did (then take theirs): NX with GET.
          const fresh = freshVersion();
          const theirs = (await this.redis.call('SET', keys[i], fresh, 'NX', 'GET')) as string | null;
          return theirs ?? fresh;
        }),
      );
    });
  }

  bump(component: string): Promise<void> {
    return this.guarded(async (prefix) => {
      await this.redis.set(`${prefix}v:${component}`, freshVersion());
    });
  }

  get(key: string): Promise<string | null> {
    return this.guarded((prefix) => this.redis.get(`${prefix}e:${key}`));
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    return this.guarded(async (prefix) => {
      await this.redis.set(`${prefix}e:${key}`, value, 'PX', ttlMs);
    });
  }

  size(): Promise<number> {
    return this.guarded(() => this.redis.dbsize());
  }

  close(): Promise<void> {
    this.redis.disconnect();
    return Promise.resolve();
  }
}
