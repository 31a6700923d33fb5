import type { GatewayApp } from '../../gateway/app.js';

/** The value of `hub_cache_requests_total` for a layer, prefecture and outcome, read from the gateway's registry. */
export async function cacheCount(
  gateway: GatewayApp,
  layer: 'fragment' | 'response',
  prefecture: string,
  outcome: 'hit' | 'miss' | 'bypass',
): Promise<number> {
  const metric = await gateway.metrics.getSingleMetric('hub_cache_requests_total')?.get();
  const value = metric?.values.find(
    (v) => v.labels.layer === layer && v.labels.prefecture === prefecture && v.labels.outcome === outcome,
  );
  return value?.value ?? 0;
}

/** Every cache count of a gateway at once, to compare before and after. */
export async function cacheCounts(gateway: GatewayApp): Promise<Map<string, number>> {
  const metric = await gateway.metrics.getSingleMetric('hub_cache_requests_total')?.get();
  return new Map(
    (metric?.values ?? []).map((v) => [`${v.labels.layer}/${v.labels.prefecture}/${v.labels.outcome}`, v.value]),
  );
}

/** How much each count grew between two readings (only those that grew). */
export function grown(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const growth: Record<string, number> = {};
  for (const [key, value] of after) if (value > (before.get(key) ?? 0)) growth[key] = value - (before.get(key) ?? 0);
  return growth;
}
