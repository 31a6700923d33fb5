import { startShardProxy, type ShardProxy, type ShardProxyMode } from './shard-proxy.js';

export interface ShardProxies {
  /**
   * For a harness's `urlFor`: puts a ShardProxy in front of each proxied prefecture and registers
   * its URL; the others are registered with their own.
   */
  readonly urlFor: (code: string, realUrl: string) => Promise<string>;
  /** The proxy of each proxied prefecture. */
  readonly proxies: ReadonlyMap<string, ShardProxy>;
  /** Each prefecture's own shard URL (behind its proxy, if it has one). */
  readonly realUrls: ReadonlyMap<string, string>;
  /** The proxy of `code`; throws when it has none. */
  readonly get: (code: string) => ShardProxy;
  /** Closes every proxy; a function property, as tests take it apart (`close: closeProxies`). */
  readonly close: () => Promise<void>;
}

/**
 * Proxies in front of the shards of a test hub (`startHubHarness` or `startMetricsHub`), so a test
 * can watch or disturb what each shard receives. `only` limits them to some prefectures.
 */
export function shardProxies(
  options: { only?: readonly string[]; mode?: ShardProxyMode; delayMs?: number } = {},
): ShardProxies {
  const proxies = new Map<string, ShardProxy>();
  const realUrls = new Map<string, string>();
  return {
    proxies,
    realUrls,
    async urlFor(code, realUrl) {
      realUrls.set(code, realUrl);
      if (options.only && !options.only.includes(code)) return realUrl;
      const proxy = await startShardProxy(realUrl, { mode: options.mode, delayMs: options.delayMs });
      proxies.set(code, proxy);
      return proxy.url;
    },
    get: (code) => {
      const proxy = proxies.get(code);
      if (!proxy) throw new Error(`no proxy in front of prefecture ${code}`);
      return proxy;
    },
    close: async () => {
      await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
    },
  };
}
