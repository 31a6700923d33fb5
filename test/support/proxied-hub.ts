import { startHubHarness, type HubHarness, type HubHarnessOptions } from './hub-harness.js';
import { startShardProxy, type ShardProxy } from './shard-proxy.js';

export interface ProxiedHub {
  readonly hub: HubHarness;
  /** The proxy in front of each proxied shard, by prefecture code. */
  readonly proxies: ReadonlyMap<string, ShardProxy>;
  close(): Promise<void>;
}

/**
 * A hub whose gateway reaches the shards in `proxied` (default: every shard) through a
 * ShardProxy, so a test can watch or disturb what each of them receives.
 */
export async function startProxiedHub(options: HubHarnessOptions & { readonly proxied?: readonly string[] }): Promise<ProxiedHub> {
  const proxies = new Map<string, ShardProxy>();
  const proxied = new Set(options.proxied ?? options.codes);
  const hub = await startHubHarness({
    ...options,
    urlFor: async (code, realUrl) => {
      if (!proxied.has(code)) return realUrl;
      const proxy = await startShardProxy(realUrl);
      proxies.set(code, proxy);
      return proxy.url;
    },
  });
  return {
    hub,
    proxies,
    async close() {
      await hub.close();
      for (const proxy of proxies.values()) await proxy.close();
    },
  };
}
