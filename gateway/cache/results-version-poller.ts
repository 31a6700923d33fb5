import type { Logger } from '../../lib/logger.js';
import { callShard, ShardCallError, shardRequestBody } from '../shards/shard-client.js';
import type { GatewayCache } from './gateway-cache.js';

export interface ResultsVersionPollerOptions {
  readonly provinceUrl: string;
  /** Where the version read is set (the gateway's cache). */
  readonly cache: Pick<GatewayCache, 'setResultsVersion'>;
  /** The gateway's registry credential (it may read `resultsVersion`, nothing more). */
  readonly registryToken: () => Promise<string>;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/**
 * Learns when a metric run wrote results. The workers write them straight to the hub database,
 * never through the gateway, so the gateway reads the province's `resultsVersion` (derived from
 * that database, see subgraphs/province/services/results-version.ts) every `intervalMs`. Why a
 * poll of the source rather than a signal from the workers: a worker that dies between writing
 * results and sending a signal would leave stale answers until the TTL; the database cannot
 * forget. While the version cannot be read, answers that read the province are neither kept nor
 * served from the cache (its version is unknown then).
 */
export class ResultsVersionPoller {
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  /** The poll under way. Polls never overlap: a slow answer landing after a newer one would set
   * the version back, and answers kept under the older version would be served again. */
  private polling: Promise<void> | null = null;

  constructor(private readonly options: ResultsVersionPollerOptions) {}

  start(): Promise<void> {
    const first = this.pollNow();
    this.timer = setInterval(() => {
      if (!this.polling) void this.pollNow();
    }, this.options.intervalMs);
    this.timer.unref();
    return first;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the version now, after any poll under way, so what it sets is at least as new as what it saw. */
  async pollNow(): Promise<void> {
    while (this.polling) await this.polling;
    this.polling = this.readVersion().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async readVersion(): Promise<void> {
    const { cache, logger } = this.options;
    try {
      const response = await callShard({
        url: this.options.provinceUrl,
        body: shardRequestBody('{ resultsVersion }'),
        hubToken: await this.options.registryToken(),
        timeoutMs: this.options.timeoutMs,
      });
      const version = response.data?.resultsVersion;
      if (response.errors?.length || typeof version !== 'string') {
        throw new ShardCallError('BAD_RESPONSE', response.errors?.[0]?.message ?? 'no resultsVersion');
      }
      cache.setResultsVersion(version);
      this.failing = false;
    } catch (error) {
      if (!(error instanceof ShardCallError)) throw error;
      cache.setResultsVersion(null);
      if (!this.failing)
        logger.warn({ err: error.message }, 'province results version unreadable; not caching its answers');
      this.failing = true;
    }
  }
}
