import { afterAll, afterEach, beforeAll } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { untilAllServing } from './gateway-http.js';
import { seedProjects, type SeededProject } from './hub-seed.js';
import { shardProxies } from './shard-proxies.js';
import type { ShardProxy } from './shard-proxy.js';

/** A suite's hub, the proxy in front of one of its shards, and the projects seeded per prefecture. */
export interface ProxiedHub {
  readonly hub: HubHarness;
  readonly proxy: ShardProxy;
  readonly seeded: Map<string, SeededProject[]>;
}

/**
 * For the `describe` it is called in: a real hub of `codes` whose `proxied` shard sits behind a
 * proxy (that counts, delays or rewrites what passes), `perPrefecture` projects seeded in each.
 * After every test the proxy tampers no more and every shard serves again, so no test leans on
 * what the one before it did to the shard.
 */
export function useProxiedHub(codes: readonly string[], proxied: string, perPrefecture = 2): ProxiedHub {
  const shards = shardProxies({ only: [proxied] });
  let started: ProxiedHub | undefined;
  beforeAll(async () => {
    const hub = await startHubHarness({ codes: [...codes], urlFor: shards.urlFor });
    started = { hub, proxy: shards.get(proxied), seeded: await seedProjects(hub, perPrefecture) };
    await untilAllServing(hub);
  });
  afterEach(async () => {
    if (!started) return;
    started.proxy.tamper = null;
    started.proxy.reset();
    await untilAllServing(started.hub);
  });
  afterAll(async () => {
    await started?.hub.close();
    await shards.close();
  });
  const get = (): ProxiedHub => {
    if (!started) throw new Error('the proxied hub is used before its beforeAll started it');
    return started;
  };
  return {
    get hub() {
      return get().hub;
    },
    get proxy() {
      return get().proxy;
    },
    get seeded() {
      return get().seeded;
    },
  };
}
