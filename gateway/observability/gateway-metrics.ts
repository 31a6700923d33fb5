import { Gauge, Histogram, type Registry } from 'prom-client';
import type { ShardCallLimiter } from '../shards/shard-call-limiter.js';
import type { ShardRegistry } from '../shards/shard-registry.js';

/** How one call to a shard ended, as a metric label. */
export type ShardCallOutcome = 'ok' | 'timeout' | 'unreachable' | 'bad_response' | 'overloaded';

/** What the gateway's routing reports about its calls to shards. */
export interface ShardCallMetrics {
  observeShardCall(prefecture: string, seconds: number, outcome: ShardCallOutcome): void;
}

/**
 * The gateway's own metrics, next to `http_request_duration_seconds` of its HTTP front:
 * - `hub_shard_request_duration_seconds{prefecture,outcome}`: every call routed to a shard;
 * - `hub_shard_serving{prefecture}`: 1 while the shard is SERVING and routable, 0 otherwise
 *   (down, excluded as incompatible, unregistered), read from the shard registry at scrape time;
 * - `hub_shard_state{prefecture,state}`: 1 for the shard's current state, for alerts that care why;
 * - `hub_shard_calls_in_flight{prefecture}` / `hub_shard_calls_waiting{prefecture}`: calls a shard
 *   is working on, and calls the gateway holds back until it has a free slot (back-pressure).
 */
export function registerGatewayMetrics(
  metrics: Registry,
  shards: ShardRegistry,
  limiter: ShardCallLimiter,
): ShardCallMetrics {
  const latency = new Histogram({
    name: 'hub_shard_request_duration_seconds',
    help: 'Duration of calls from the gateway to a prefecture shard',
    labelNames: ['prefecture', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics],
  });
  new Gauge({
    name: 'hub_shard_serving',
    help: '1 when the prefecture shard is serving and routable, 0 when it is down, excluded or unregistered',
    labelNames: ['prefecture'] as const,
    registers: [metrics],
    collect() {
      this.reset();
      for (const shard of shards.all()) {
        this.set(
          { prefecture: shard.prefectureCode },
          shard.state === 'SERVING' && shards.routable(shard.prefectureCode) ? 1 : 0,
        );
      }
    },
  });
  new Gauge({
    name: 'hub_shard_state',
    help: 'Current state of each prefecture shard (1 for the state it is in)',
    labelNames: ['prefecture', 'state'] as const,
    registers: [metrics],
    collect() {
      this.reset();
      for (const shard of shards.all()) this.set({ prefecture: shard.prefectureCode, state: shard.state }, 1);
    },
  });
  for (const [name, help, key] of [
    ['hub_shard_calls_in_flight', 'Calls the gateway has in flight to each prefecture shard', 'inFlight'],
    ['hub_shard_calls_waiting', 'Calls waiting in the gateway for a free slot of each prefecture shard', 'waiting'],
  ] as const) {
    new Gauge({
      name,
      help,
      labelNames: ['prefecture'] as const,
      registers: [metrics],
      collect() {
        this.reset();
        for (const shard of shards.all())
          this.set({ prefecture: shard.prefectureCode }, limiter.load(shard.prefectureCode)[key]);
      },
    });
  }
  return {
    observeShardCall: (prefecture, seconds, outcome) => latency.observe({ prefecture, outcome }, seconds),
  };
}
