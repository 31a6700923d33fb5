import type { ShardResponse } from '../shards/shard-client.js';
import { ALL_PREFECTURES } from './cache-metrics.js';
import { CacheUnavailableError } from './cache-backend.js';
import { keyOf, PROVINCE_COMPONENT } from './cache-keys.js';
import type { GatewayCache } from './gateway-cache.js';

/** One shard answer's lookup: served from the cache, or to be kept once the shard answered. */
export type FragmentLookup = { readonly hit: ShardResponse } | { readonly keep: (response: ShardResponse) => void };

/** What an answer read, so the whole-response layer knows which versions it depends on. */
export interface ReadSet {
  readonly prefectures: Set<string>;
  province: boolean;
  /** Why the answer must not be kept whole (a read with no version, e.g. a run's progress), or null. */
  uncacheable: string | null;
}

/**
 * The cache as one request sees it. The versions are read once, when the request first needs
 * them, BEFORE any shard is asked: an answer kept under a version was computed no earlier than
 * that version's data, so a write that bumps it afterwards makes the answer unreachable instead
 * of stale. A request that starts after a write's answer went out reads the bumped version.
 */
export class RequestCache {
  readonly reads: ReadSet = { prefectures: new Set(), province: false, uncacheable: null };
  /** Set once Apollo resolved the operation: only answers of queries are kept whole. */
  operation: string | null = null;
  private versions: Promise<ReadonlyMap<string, string> | null> | null = null;

  constructor(
    readonly cache: GatewayCache,
    /** What authorization depends on (callerScope). */
    readonly scope: string,
    /**
     * False for the gateway's own bulk operations (ledger exports and imports): their pages are read
     * once and would only push the dashboards' answers out of the cache; their writes still bump.
     */
    private readonly keepsReads = true,
  ) {}

  /** Every component's version as of this request's start, or null when the backend cannot answer (bypass). */
  snapshot(): Promise<ReadonlyMap<string, string> | null> {
    this.versions ??= this.readVersions();
    return this.versions;
  }

  private async readVersions(): Promise<ReadonlyMap<string, string> | null> {
    const components = this.cache.components();
    try {
      const versions = await this.cache.backend.versions(components);
      const map = new Map<string, string>();
      components.forEach((component, i) => {
        const version = component === PROVINCE_COMPONENT ? this.cache.provinceVersion(versions[i]) : versions[i];
        if (version !== null) map.set(component, version);
      });
      return map;
    } catch (error) {
      if (error instanceof CacheUnavailableError) return null;
      throw error;
    }
  }

  /**
   * Looks up one shard's answer to `body` (the normalized sub-operation with its variables). Null
   * when the cache cannot be used now: call the shard and keep nothing.
   */
  async fragment(code: string, body: string): Promise<FragmentLookup | null> {
    this.reads.prefectures.add(code);
    const { backend, metrics, settings } = this.cache;
    if (!this.keepsReads) {
      metrics.count('fragment', code, 'bypass');
      return null;
    }
    const version = (await this.snapshot())?.get(code);
    if (version === undefined) {
      metrics.count('fragment', code, 'bypass');
      return null;
    }
    const key = `f:${keyOf(code, version, this.scope, body)}`;
    let cached: string | null;
    try {
      cached = await backend.get(key);
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error;
      metrics.count('fragment', code, 'bypass');
      return null;
    }
    if (cached !== null) {
      metrics.count('fragment', code, 'hit');
      // A fresh object each time: the merge may change what it is given.
      return { hit: JSON.parse(cached) as ShardResponse };
    }
    metrics.count('fragment', code, 'miss');
    return {
      keep: (response) => {
        // Only complete answers: an error anywhere (a refusal, a failed field) may be the caller's or passing.
        if (response.errors?.length || !response.data) return;
        backend.set(key, JSON.stringify(response), settings.ttlMs).catch(() => undefined);
      },
    };
  }

  /** The province subgraph was asked a read whose data is versioned (results, registry, settings). */
  readProvince(): void {
    this.reads.province = true;
  }

  /** The answer reads something no version covers: it is never kept whole. */
  readUnversioned(why: string): void {
    this.reads.uncacheable ??= why;
  }

  /** A write was sent to `code`'s shard: bump its version before the answer goes out (read-your-writes). */
  wrote(code: string, outcome: 'applied' | 'unknown'): Promise<void> {
    return outcome === 'applied' ? this.cache.bump(code, 'write') : this.cache.bumpUnknownWrite(code);
  }

  /** A write went to the province subgraph (settings, registry, run requests). */
  wroteProvince(): Promise<void> {
    return this.cache.bump(PROVINCE_COMPONENT, 'write');
  }

  /** Counts a whole-response lookup. */
  countResponse(outcome: 'hit' | 'miss' | 'bypass'): void {
    this.cache.metrics.count('response', ALL_PREFECTURES, outcome);
  }
}
