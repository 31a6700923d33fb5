import type { EntityManager } from '@mikro-orm/knex';
import { insertInChunks } from './insert-in-chunks.js';
import { byCountField, byStageOfCountFields } from '../../../schema/contract/project-stage.js';
import { PROVINCE } from '../../../schema/prefectures.js';
import {
  addCounts,
  emptyCounts,
  MetricDimension,
  parseDimensionKey,
  type DimensionMetrics,
  type MetricCounts,
} from '../../metrics-rules/index.js';
import { MetricSnapshot } from '../entities/metric-snapshot.entity.js';

// A snapshot row keeps one column per stage, named as the stage's count field, except SIGNED's:
// `signed` already holds the count of signed-or-beyond projects, so the stage's own is `signedStage`.

/** The counts a snapshot row holds. */
export function countsOf(row: MetricSnapshot): MetricCounts {
  const byStage = byStageOfCountFields({ ...row, signed: row.signedStage });
  return {
    projects: row.projects,
    signed: row.signed,
    byStage,
    performing: row.performing,
    started: row.started,
    producing: row.producing,
    landed: row.landed,
    agreedInvestment: BigInt(row.agreedInvestment),
    fundsInPlace: BigInt(row.fundsInPlace),
  };
}

function rowOf(
  asOf: string,
  runId: string,
  prefectureCode: string,
  key: string,
  counts: MetricCounts,
): Partial<MetricSnapshot> {
  const value = parseDimensionKey(key);
  const { signed: signedStage, ...otherStages } = byCountField(counts.byStage);
  return {
    asOf,
    runId,
    prefectureCode,
    dimension: value.dimension,
    dimensionKey: key,
    cohortYear: value.dimension === MetricDimension.COHORT ? value.cohortYear : null,
    signingLevel: value.dimension === MetricDimension.COHORT ? value.signingLevel : null,
    eventKind: value.dimension === MetricDimension.COHORT ? value.eventKind : null,
    industry: value.dimension === MetricDimension.INDUSTRY ? value.industry : null,
    projects: counts.projects,
    signed: counts.signed,
    ...otherStages,
    signedStage,
    performing: counts.performing,
    started: counts.started,
    producing: counts.producing,
    landed: counts.landed,
    agreedInvestment: counts.agreedInvestment,
    fundsInPlace: counts.fundsInPlace,
  };
}

/** Replaces one prefecture's (or the province's) snapshots of a date: reruns never duplicate. */
export async function replaceSnapshots(
  em: EntityManager,
  asOf: string,
  runId: string,
  prefectureCode: string,
  metrics: DimensionMetrics,
): Promise<void> {
  await em.nativeDelete(MetricSnapshot, { asOf, prefectureCode });
  const rows = [...metrics.counts].map(([key, counts]) => rowOf(asOf, runId, prefectureCode, key, counts));
  await insertInChunks(em, MetricSnapshot, rows);
}

/**
 * The province's counts of a date: the sum of every prefecture snapshot of that date, whichever
 * run wrote it (so a rerun that fills in a missing prefecture completes the province too).
 * Returns the codes included.
 */
export async function rollUpProvince(
  em: EntityManager,
  asOf: string,
  runId: string,
  landing: DimensionMetrics['landing'],
): Promise<string[]> {
  const rows = await em.find(MetricSnapshot, { asOf, prefectureCode: { $ne: PROVINCE.code } });
  const sums = new Map<string, MetricCounts>();
  for (const row of rows)
    sums.set(row.dimensionKey, addCounts(sums.get(row.dimensionKey) ?? emptyCounts(), countsOf(row)));
  await replaceSnapshots(em, asOf, runId, PROVINCE.code, { landing, counts: sums });
  return [...new Set(rows.map((r) => r.prefectureCode))].sort();
}
