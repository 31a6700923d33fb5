import PQueue from 'p-queue';
import { ShardCallError } from './shard-client.js';

export interface ShardCallLimits {
  /** Calls one shard may have in flight at once; more wait in the gateway, in arrival order. */
  readonly maxInFlight: number;
  /** A call that waited this long for its turn gives up: the shard is overloaded. */
  readonly queueTimeoutMs: number;
}

/** The gateway's defaults (SHARD_MAX_IN_FLIGHT, SHARD_QUEUE_TIMEOUT_MS). */
export const DEFAULT_SHARD_LIMITS: ShardCallLimits = { maxInFlight: 8, queueTimeoutMs: 15_000 };

/**
 * Back-pressure per shard. Without it, a burst of province-wide queries puts every request on
 * every shard at once: each shard's answers slow down together until all of them pass the shard
 * timeout and every prefecture drops out of every answer. With it, a shard works on at most
 * `maxInFlight` calls, each finishes within its timeout, and the rest wait here — so load shows
 * as latency, and the shard timeout keeps meaning "this shard is sick", not "this hub is busy".
 */
export class ShardCallLimiter {
  private readonly queues = new Map<string, PQueue>();

  constructor(private readonly limits: ShardCallLimits) {
    if (!Number.isInteger(limits.maxInFlight) || limits.maxInFlight < 1)
      throw new Error('maxInFlight must be a positive integer');
  }

  /** Runs `call` once `code` has a free slot; rejects with OVERLOADED if none came in time. */
  run<T>(code: string, call: () => Promise<T>): Promise<T> {
    const queue = this.queueOf(code);
    const gaveUp = new AbortController();
    const timer = setTimeout(() => {
      gaveUp.abort(
        new ShardCallError(
          'OVERLOADED',
          `had no free slot within ${this.limits.queueTimeoutMs} ms ` +
            `(${queue.pending} calls in flight, ${queue.size} waiting)`,
        ),
      );
    }, this.limits.queueTimeoutMs);
    // A call still waiting must not keep a stopping process alive.
    timer.unref();
    return queue.add<T>(
      () => {
        // Started: from here on only the shard timeout applies.
        clearTimeout(timer);
        return call();
      },
      { signal: gaveUp.signal },
    );
  }

  /** Calls to `code` in flight and waiting, for /metrics and the shards view. */
  load(code: string): { inFlight: number; waiting: number } {
    const queue = this.queues.get(code);
    return { inFlight: queue?.pending ?? 0, waiting: queue?.size ?? 0 };
  }

  private queueOf(code: string): PQueue {
    let queue = this.queues.get(code);
    if (!queue) {
      queue = new PQueue({ concurrency: this.limits.maxInFlight });
      this.queues.set(code, queue);
    }
    return queue;
  }
}
