/**
 * Where the gateway's cache keeps its entries and the data versions they are keyed by: an
 * in-process LRU (memory-cache-backend.ts) or a Redis shared by every replica
 * (redis-cache-backend.ts).
 *
 * A version is an opaque random token, never a counter: a version that is lost (an LRU eviction
 * in Redis, a restart) comes back as a fresh token no stored entry was ever keyed by, so losing
 * it can only cost misses, never bring back an old entry.
 */
export interface CacheBackend {
  readonly kind: 'memory' | 'redis';
  /** The current version of each component, in order; a component without one gets a fresh one. */
  versions(components: readonly string[]): Promise<string[]>;
  /** Gives `component` a new version: every entry keyed by the old one is unreachable from now on. */
  bump(component: string): Promise<void>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Entries held now (for /metrics). */
  size(): Promise<number>;
  close(): Promise<void>;
}

/** Thrown by a backend that cannot answer right now (Redis down): the request bypasses the cache. */
export class CacheUnavailableError extends Error {}
