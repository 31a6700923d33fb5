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
      // A key and its value both take memory; keys are short hashes. V8 keeps a string with any
      // non-Latin-1 character (every Chinese name) at two bytes a character: count that, so the
      // limit is one of bytes, not of characters.
      sizeCalculation: (value, key) => 2 * (value.length + key.length),
    });
  }

  // Promises only to fit CacheBackend: nothing here waits.
  versions(components: readonly string[]): Promise<string[]> {
    return Promise.resolve(
      components.map((component) => {
        let version = this.current.get(component);
        if (version === undefined) this.current.set(component, (version = freshVersion()));
        return version;
      }),
    );
  }

  bump(component: string): Promise<void> {
    this.current.set(component, freshVersion());
    return Promise.resolve();
  }

  get(key: string): Promise<string | null> {
    return Promise.resolve(this.entries.get(key) ?? null);
  }

  set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, value, { ttl: ttlMs });
    return Promise.resolve();
  }

  size(): Promise<number> {
    return Promise.resolve(this.entries.size);
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }
}
