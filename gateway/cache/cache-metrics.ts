import { Counter, Gauge, type Registry } from 'prom-client';
import type { CacheBackend } from './cache-backend.js';

/** Which layer answered: a prefecture's shard answer, or a whole response. */
type CacheLayer = 'fragment' | 'response';
/** hit: served from the cache; miss: computed (and kept if complete); bypass: the cache could not be used. */
type CacheOutcome = 'hit' | 'miss' | 'bypass';
/** Why a version was bumped. */
export type BumpReason = 'write' | 'write_outcome_unknown' | 'readmitted' | 'results';

/** What the cache reports about itself on /metrics. */
export interface CacheMetrics {
  count(layer: CacheLayer, prefecture: string, outcome: CacheOutcome): void;
  bumped(component: string, reason: BumpReason): void;
  bumpFailed(component: string): void;
}

/** The label of the whole-response layer, which reads any number of prefectures at once. */
export const ALL_PREFECTURES = 'all';

/**
 * - `hub_cache_requests_total{layer,prefecture,outcome}`: lookups per layer and prefecture;
 * - `hub_cache_version_bumps_total{component,reason}` and `hub_cache_version_bump_failures_total{component}`;
 * - `hub_cache_entries{backend}`: entries held (read at scrape time; -1 while Redis is down);
 * - `hub_cache_ttl_seconds`: the longest an entry lives.
 */
export function registerCacheMetrics(metrics: Registry, backend: CacheBackend, ttlMs: number): CacheMetrics {
  const requests = new Counter({
    name: 'hub_cache_requests_total',
    help: 'Cache lookups of the gateway by layer (fragment: one shard answer; response: a whole answer), prefecture and outcome',
    labelNames: ['layer', 'prefecture', 'outcome'] as const,
    registers: [metrics],
  });
  const bumps = new Counter({
    name: 'hub_cache_version_bumps_total',
    help: 'Data versions the gateway changed, by component (prefecture code or province) and reason',
    labelNames: ['component', 'reason'] as const,
    registers: [metrics],
  });
  const bumpFailures = new Counter({
    name: 'hub_cache_version_bump_failures_total',
    help: 'Version changes that could not be stored (cache Redis down); staleness is then bounded by the TTL',
    labelNames: ['component'] as const,
    registers: [metrics],
  });
  new Gauge({
    name: 'hub_cache_entries',
    help: 'Entries the gateway cache holds (-1 while its Redis is unreachable)',
    labelNames: ['backend'] as const,
    registers: [metrics],
    async collect() {
      this.set({ backend: backend.kind }, await backend.size().catch(() => -1));
    },
  });
  new Gauge({
    name: 'hub_cache_ttl_seconds',
    help: 'The longest a cached answer is served (CACHE_TTL_SECONDS)',
    registers: [metrics],
    collect() {
      this.set(ttlMs / 1000);
    },
  });
  return {
    count: (layer, prefecture, outcome) => requests.inc({ layer, prefecture, outcome }),
    bumped: (component, reason) => bumps.inc({ component, reason }),
    bumpFailed: (component) => bumpFailures.inc({ component }),
  };
}
