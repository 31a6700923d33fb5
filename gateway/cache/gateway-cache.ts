import type { Registry } from 'prom-client';
import type { Logger } from '../../lib/logger.js';
import type { ShardRegistry } from '../shards/shard-registry.js';
import type { CacheBackend } from './cache-backend.js';
import { registerCacheMetrics, type BumpReason, type CacheMetrics } from './cache-metrics.js';
import { MemoryCacheBackend } from './memory-cache-backend.js';
import { RedisCacheBackend } from './redis-cache-backend.js';
import { PROVINCE_COMPONENT } from './cache-keys.js';

/** The cache's settings (CACHE_* in gateway/config.ts). */
export interface CacheSettings {
  /** Shared by every replica when set; an in-process LRU otherwise. */
  readonly redisUrl?: string;
  /** Longest a command to that Redis may take (default 500 ms); slower is treated as down. */
  readonly redisCommandTimeoutMs?: number;
  /** The longest any entry is served, whatever the versions say. */
  readonly ttlMs: number;
  /** Bound of the in-process LRU, in characters of keys and answers. */
  readonly maxMemoryChars: number;
  /** How often the province's results version is read. */
  readonly resultsPollMs: number;
}

/**
 * The gateway's cache, one per process: the backend, the data versions and the metrics. Each
 * request gets a RequestCache that remembers the versions it started with and what
 * it read (see request-cache.ts); writes bump versions here.
 *
 * A write whose outcome is unknown (a timeout after sending) may still be applied after the
 * gateway gave up: its prefecture's version is bumped at once and again `lateWriteMs` later, so
 * an answer cached in between from the shard's old data is not served after the late write lands.
 */
export class GatewayCache {
  readonly metrics: CacheMetrics;
  /** The province's results version as last read; null until read, or when the read failed. */
  private results: string | null = null;
  private readonly lateBumps = new Set<NodeJS.Timeout>();

  constructor(
    readonly backend: CacheBackend,
    readonly settings: CacheSettings,
    private readonly registry: ShardRegistry,
    metrics: Registry,
    private readonly logger: Logger,
    private readonly lateWriteMs: number,
  ) {
    this.metrics = registerCacheMetrics(metrics, backend, settings.ttlMs);
    // A shard readmitted or moved to a new URL may hold other data than before (a restore, a new
    // database): nothing cached from its previous life may be served.
    registry.onReadmitted((code) => void this.bump(code, 'readmitted'));
  }

  /** Every version component: the prefectures this gateway routes to, and the province. */
  components(): string[] {
    return [...this.registry.codes(), PROVINCE_COMPONENT];
  }

  /** The province component is its stored version plus the results version; unknown results make it unusable. */
  provinceVersion(stored: string): string | null {
    return this.results === null ? null : `${stored}/${this.results}`;
  }

  setResultsVersion(version: string | null): void {
    if (version !== null && this.results !== null && version !== this.results) {
      this.metrics.bumped(PROVINCE_COMPONENT, 'results');
    }
    this.results = version;
  }

  /**
   * Changes `component`'s version; resolves once stored (or failed: then logged and counted, and
   * the TTL bounds what other replicas may still serve). Never throws: a write's answer must not
   * fail because the cache did.
   */
  async bump(component: string, reason: BumpReason): Promise<void> {
    try {
      await this.backend.bump(component);
      this.metrics.bumped(component, reason);
    } catch (error) {
      this.metrics.bumpFailed(component);
      this.logger.warn({ component, reason, err: (error as Error).message }, 'cache version not bumped');
    }
  }

  /** A write whose outcome is unknown: bump now, and again once a late landing would have landed. */
  async bumpUnknownWrite(component: string): Promise<void> {
    await this.bump(component, 'write_outcome_unknown');
    const timer = setTimeout(() => {
      this.lateBumps.delete(timer);
      void this.bump(component, 'write_outcome_unknown');
    }, this.lateWriteMs);
    timer.unref();
    this.lateBumps.add(timer);
  }

  async close(): Promise<void> {
    for (const timer of this.lateBumps) clearTimeout(timer);
    await this.backend.close();
  }
}

/** The backend the settings ask for. */
export function cacheBackendFor(settings: CacheSettings, logger: Logger): CacheBackend {
  return settings.redisUrl
    ? new RedisCacheBackend(settings.redisUrl, logger, settings.redisCommandTimeoutMs)
    : new MemoryCacheBackend(settings.maxMemoryChars);
}
