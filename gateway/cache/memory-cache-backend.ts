import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { CacheBackend } from './cache-backend.js';

/** A version token: 96 random bits, so no two bumps anywhere ever give the same one. */
export const freshVersion = (): string => randomBytes(12).toString('base64url');

/**
 * The cache of a single gateway (no CACHE_REDIS_URL): entries in an LRU bounded by the characters
 * it holds, versions in a map (a handful of components, never evicted).
 */
export class MemoryCacheBackend implements CacheBackend {
  readonly kind = 'memory' as const;
  private readonly entries: LRUCache<string, string>;
  private readonly current = new Map<string, string>();

  constructor(maxChars: number) {
    this.entries = new LRUCache<string, string>({
      maxSize: maxChars,
      // A key and its value both take memory; keys are short hashes.
      sizeCalculation: (value, key) => value.length + key.length,
    });
  }

  async versions(components: readonly string[]): Promise<string[]> {
    return components.map((component) => {
      let version = this.current.get(component);
      if (version === undefined) this.current.set(component, (version = freshVersion()));
      return version;
    });
  }

  async bump(component: string): Promise<void> {
    this.current.set(component, freshVersion());
  }

  async get(key: string): Promise<string | null> {
    return this.entries.get(key) ?? null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlMs });
  }

  async size(): Promise<number> {
    return this.entries.size;
  }

  async close(): Promise<void> {
    this.entries.clear();
  }
}
