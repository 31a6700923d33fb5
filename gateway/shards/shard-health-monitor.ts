import type { Logger } from '../../lib/logger.js';
import type { PrefectureContract } from '../contract/prefecture-contract.js';
import { probeShard } from './probe-shard.js';
import type { ShardRegistry } from './shard-registry.js';

export interface ShardHealthMonitorOptions {
  readonly registry: ShardRegistry;
  readonly contract: PrefectureContract;
  /** A probe credential for the shard of `prefectureCode`: it reads the SDL and nothing else. */
  readonly probeToken: (prefectureCode: string) => Promise<string>;
  readonly timeoutMs: number;
  /** Time between rounds of checks. */
  readonly intervalMs: number;
  readonly logger: Logger;
}

/**
 * Checks every shard against the contract at start and then periodically. An incompatible shard
 * is excluded and rejoins by itself once a check passes; a newly registered URL takes traffic only
 * after it passes, the old URL serving until then.
 */
export class ShardHealthMonitor {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly options: ShardHealthMonitorOptions) {}

  start(): Promise<void> {
    const first = this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), this.options.intervalMs);
    this.timer.unref();
    return first;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async checkAll(): Promise<void> {
    await Promise.all(this.options.registry.codes().map((code) => this.check(code)));
  }

  /** Checks one shard now; concurrent calls for the same shard share one check. */
  check(code: string): Promise<void> {
    const running = this.inFlight.get(code);
    if (running) return running;
    const check = this.runCheck(code).finally(() => this.inFlight.delete(code));
    this.inFlight.set(code, check);
    return check;
  }

  private async runCheck(code: string): Promise<void> {
    const { registry, contract, timeoutMs, logger } = this.options;
    const candidate = registry.get(code)?.candidateUrl;
    if (candidate) {
      // Every probe carries its own token: subgraphs accept each token once.
      const result = await probeShard(candidate, contract, await this.options.probeToken(code), timeoutMs);
      if (result.state === 'SERVING') {
        registry.promoteCandidate(code, result.latencyMs);
        logger.info({ prefecture: code, url: candidate }, 'shard URL passed the contract check and now takes traffic');
        return;
      }
      registry.rejectCandidate(code, result.error ?? result.state);
      // A prefecture with no working URL yet shows why (DOWN, INCOMPATIBLE), not UNREGISTERED.
      if (!registry.get(code)?.url) registry.recordCheck(code, result);
      logger.warn({ prefecture: code, url: candidate, error: result.error }, 'new shard URL not adopted yet');
    }
    const url = registry.get(code)?.url;
    if (!url) return;
    const before = registry.get(code)?.state;
    const result = await probeShard(url, contract, await this.options.probeToken(code), timeoutMs);
    registry.recordCheck(code, result);
    if (before !== result.state) {
      const log = result.state === 'SERVING' ? logger.info.bind(logger) : logger.warn.bind(logger);
      log({ prefecture: code, url, state: result.state, error: result.error }, `shard ${before} → ${result.state}`);
    }
  }
}
