import { z } from 'zod';
import { ProjectStage } from '../../schema/contract/project-stage.js';
import { LANDING_DEFINITIONS } from './landing-definition.js';
import type { MetricCounts } from './metric-counts.js';
import type { DimensionMetrics } from './metric-dimensions.js';

/**
 * JSON forms of counts, for BullMQ job results (the rollup reads its children's results as JSON,
 * which has no bigint): money travels as a decimal string of fen, exact at any size.
 */
export type MetricCountsJson = {
  readonly [K in keyof MetricCounts]: MetricCounts[K] extends bigint ? string : MetricCounts[K];
};

export interface DimensionMetricsJson {
  readonly landing: DimensionMetrics['landing'];
  readonly counts: Readonly<Record<string, MetricCountsJson>>;
}

const count = z.number().int().nonnegative();
const fen = z.string().regex(/^-?\d+$/, 'must be an integer number of fen as a string');

const countsJsonSchema = z
  .object({
    projects: count,
    signed: count,
    byStage: z.object(Object.fromEntries(Object.values(ProjectStage).map((stage) => [stage, count]))).strict(),
    performing: count,
    started: count,
    producing: count,
    landed: count,
    agreedInvestment: fen,
    fundsInPlace: fen,
  })
  .strict();

const metricsJsonSchema = z
  .object({ landing: z.enum(LANDING_DEFINITIONS), counts: z.record(countsJsonSchema) })
  .strict();

export function countsToJson(counts: MetricCounts): MetricCountsJson {
  return {
    ...counts,
    byStage: { ...counts.byStage },
    agreedInvestment: counts.agreedInvestment.toString(),
    fundsInPlace: counts.fundsInPlace.toString(),
  };
}

/** Reads counts back from JSON (validated: a malformed child result throws a ZodError). */
export function countsFromJson(json: unknown): MetricCounts {
  const parsed = countsJsonSchema.parse(json);
  return {
    ...parsed,
    byStage: parsed.byStage as Record<ProjectStage, number>,
    agreedInvestment: BigInt(parsed.agreedInvestment),
    fundsInPlace: BigInt(parsed.fundsInPlace),
  };
}

export function metricsToJson(metrics: DimensionMetrics): DimensionMetricsJson {
  const counts: Record<string, MetricCountsJson> = {};
  for (const [key, value] of metrics.counts) counts[key] = countsToJson(value);
  return { landing: metrics.landing, counts };
}

export function metricsFromJson(json: unknown): DimensionMetrics {
  const parsed = metricsJsonSchema.parse(json);
  const entries = Object.keys(parsed.counts)
    .sort()
    .map((key) => [key, countsFromJson(parsed.counts[key])] as const);
  return { landing: parsed.landing, counts: new Map(entries) };
}
