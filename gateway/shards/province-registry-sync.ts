import type { Logger } from '../../lib/logger.js';
import { callShard, ShardCallError, shardRequestBody } from './shard-client.js';
import type { ShardHealthMonitor } from './shard-health-monitor.js';
import type { ShardRegistry } from './shard-registry.js';

export interface ProvinceRegistrySyncOptions {
  readonly provinceUrl: string;
  readonly registry: ShardRegistry;
  readonly monitor: ShardHealthMonitor;
  /** The gateway's own credential for reading the registry of the province subgraph (one per read). */
  readonly registryToken: () => Promise<string>;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

const REGISTRY_QUERY = '{ prefectures { code shardUrl } }';

/**
 * Follows the registry in the province subgraph: when an admin points a prefecture at a new URL,
 * the URL becomes a candidate and is checked at once; the gateway never restarts for it.
 */
export class ProvinceRegistrySync {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ProvinceRegistrySyncOptions) {}

  start(): Promise<void> {
    const first = this.syncNow();
    this.timer = setInterval(() => void this.syncNow(), this.options.intervalMs);
    this.timer.unref();
    return first;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the registry once and checks every prefecture whose URL changed. */
  async syncNow(): Promise<void> {
    const { registry, monitor, logger } = this.options;
    let entries: { code: string; shardUrl: string | null }[];
    try {
      const response = await callShard({
        url: this.options.provinceUrl,
        body: shardRequestBody(REGISTRY_QUERY),
        hubToken: await this.options.registryToken(),
        timeoutMs: this.options.timeoutMs,
      });
      entries = (response.data?.prefectures as typeof entries | undefined) ?? [];
      if (response.errors?.length) throw new ShardCallError('BAD_RESPONSE', response.errors[0].message);
    } catch (error) {
      if (!(error instanceof ShardCallError)) throw error;
      logger.warn({ err: error.message }, 'province registry unreachable; keeping the shard URLs known so far');
      return;
    }
    const changed = entries.filter((entry) => {
      if (!entry.shardUrl || !registry.has(entry.code)) return false;
      const shard = registry.get(entry.code)!;
      if (shard.url === entry.shardUrl && !shard.candidateUrl) return false;
      registry.propose(entry.code, entry.shardUrl);
      return registry.get(entry.code)!.candidateUrl !== null;
    });
    await Promise.all(changed.map((entry) => monitor.check(entry.code)));
  }
}
