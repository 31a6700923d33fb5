import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { byCountField } from '../../../schema/contract/project-stage.js';
import { PROVINCE } from '../../../schema/prefectures.js';
import {
  addCounts,
  computeRates,
  emptyCounts,
  type MetricCounts,
  type Rate,
} from '../../../lib/metrics-rules/index.js';
import { MetricSnapshot } from '../../../lib/hub-database/entities/index.js';
import { countsOf } from '../../../lib/hub-database/store/metric-snapshots.store.js';
import type { Metrics, RateValue } from '../graphql/types/metrics.type.js';
import { registeredPrefectureCodes } from '../../../lib/hub-database/store/registry.store.js';

/** Which set of projects: all, a (partial) cohort, or an industry. Cohort parts left out are summed over. */
export interface MetricsSelector {
  readonly prefectureCode: string;
  readonly cohort?: {
    readonly year?: number | null;
    readonly signingLevel?: string | null;
    readonly eventKind?: string | null;
  } | null;
  readonly industry?: string | null;
}

function conditionOf(selector: MetricsSelector): FilterQuery<MetricSnapshot> {
  const base = { prefectureCode: selector.prefectureCode };
  if (selector.industry) return { ...base, dimension: 'INDUSTRY', industry: selector.industry };
  const cohort = selector.cohort;
  if (!cohort || (cohort.year == null && !cohort.signingLevel && !cohort.eventKind))
    return { ...base, dimension: 'ALL' };
  return {
    ...base,
    dimension: 'COHORT',
    ...(cohort.year != null ? { cohortYear: cohort.year } : {}),
    ...(cohort.signingLevel ? { signingLevel: cohort.signingLevel } : {}),
    ...(cohort.eventKind ? { eventKind: cohort.eventKind } : {}),
  };
}

/** The newest date with figures for this prefecture (or the province). */
async function latestAsOf(em: EntityManager, prefectureCode: string): Promise<string | null> {
  const row = await em.findOne(
    MetricSnapshot,
    { prefectureCode, dimension: 'ALL' },
    { orderBy: { asOf: 'desc' }, fields: ['asOf'] },
  );
  return row?.asOf ?? null;
}

/** Metrics of the selected set on a date (default: the newest); null when that date has no figures. */
export async function readMetrics(
  em: EntityManager,
  selector: MetricsSelector,
  asOf?: string | null,
): Promise<Metrics | null> {
  const date = asOf ?? (await latestAsOf(em, selector.prefectureCode));
  if (!date) return null;
  const all = await em.count(MetricSnapshot, { prefectureCode: selector.prefectureCode, asOf: date, dimension: 'ALL' });
  if (all === 0) return null;
  const rows = await em.find(MetricSnapshot, { $and: [conditionOf(selector), { asOf: date }] });
  const counts = rows.reduce<MetricCounts>((sum, row) => addCounts(sum, countsOf(row)), emptyCounts());
  return present(selector, date, counts, await missingOn(em, selector.prefectureCode, date));
}

/** One figure per month (the month's last run), oldest first, between two dates. */
export async function readTrend(
  em: EntityManager,
  selector: MetricsSelector,
  from: string,
  to: string,
): Promise<Metrics[]> {
  const dates = await em.find(
    MetricSnapshot,
    { prefectureCode: selector.prefectureCode, dimension: 'ALL', asOf: { $gte: from, $lte: to } },
    { orderBy: { asOf: 'asc' }, fields: ['asOf'] },
  );
  const lastOfMonth = new Map<string, string>();
  for (const { asOf } of dates) lastOfMonth.set(asOf.slice(0, 7), asOf);
  const trend: Metrics[] = [];
  for (const date of lastOfMonth.values()) {
    const metrics = await readMetrics(em, selector, date);
    if (metrics) trend.push(metrics);
  }
  return trend;
}

/** Every cohort or industry of one date, each with its own figures. */
export async function readBreakdown(
  em: EntityManager,
  prefectureCode: string,
  dimension: 'COHORT' | 'INDUSTRY',
  asOf?: string | null,
): Promise<Metrics[]> {
  const date = asOf ?? (await latestAsOf(em, prefectureCode));
  if (!date) return [];
  const rows = await em.find(
    MetricSnapshot,
    { prefectureCode, asOf: date, dimension },
    { orderBy: { dimensionKey: 'asc' } },
  );
  const missing = await missingOn(em, prefectureCode, date);
  return rows.map((row) =>
    present(
      {
        prefectureCode,
        cohort: { year: row.cohortYear, signingLevel: row.signingLevel, eventKind: row.eventKind },
        industry: row.industry,
      },
      date,
      countsOf(row),
      missing,
      row.dimension,
    ),
  );
}

/** For the province: registry members without figures on that date. */
async function missingOn(em: EntityManager, prefectureCode: string, asOf: string): Promise<string[]> {
  if (prefectureCode !== PROVINCE.code) return [];
  const present = new Set(
    (
      await em.find(
        MetricSnapshot,
        { asOf, dimension: 'ALL', prefectureCode: { $ne: PROVINCE.code } },
        { fields: ['prefectureCode'] },
      )
    ).map((r) => r.prefectureCode),
  );
  return (await registeredPrefectureCodes(em)).filter((code) => !present.has(code));
}

function present(
  selector: MetricsSelector,
  asOf: string,
  counts: MetricCounts,
  missing: string[],
  dimension?: string,
): Metrics {
  const rates = computeRates(counts);
  const cohort = selector.cohort;
  return {
    asOf,
    prefectureCode: selector.prefectureCode,
    dimension:
      dimension ??
      (selector.industry
        ? 'INDUSTRY'
        : cohort && (cohort.year != null || cohort.signingLevel || cohort.eventKind)
          ? 'COHORT'
          : 'ALL'),
    cohortYear: cohort?.year ?? null,
    signingLevel: cohort?.signingLevel ?? null,
    eventKind: cohort?.eventKind ?? null,
    industry: selector.industry ?? null,
    projects: counts.projects,
    signed: counts.signed,
    byStage: byCountField(counts.byStage),
    performing: counts.performing,
    started: counts.started,
    producing: counts.producing,
    landed: counts.landed,
    agreedInvestment: counts.agreedInvestment,
    fundsInPlace: counts.fundsInPlace,
    performanceRate: rateValue(rates.performanceRate),
    startRate: rateValue(rates.startRate),
    productionRate: rateValue(rates.productionRate),
    fundsRate: rateValue(rates.fundsRate),
    landingRate: rateValue(rates.landingRate),
    missingPrefectures: missing,
  };
}

function rateValue(rate: Rate): RateValue {
  return { percent: rate.percent, numerator: rate.numerator.toString(), denominator: rate.denominator.toString() };
}
