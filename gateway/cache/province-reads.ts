import { parseFetch } from '../routing/fetch-operation.js';

/**
 * Root fields of the province subgraph whose answers change only when a metric run writes results
 * (the results version), or through a mutation routed by the gateway (which bumps the province's
 * version): the stored metrics and stall flags, and the registry. Entities (`_entities`: a
 * Prefecture's metrics and registry fields, a Project's stall flags) are such results too. Every
 * other root field (a run's progress, the schedule's next run, the audit log) changes on its own
 * and makes an answer that reads it uncacheable.
 */
const VERSIONED_ROOT_FIELDS = new Set([
  '_entities',
  '__typename',
  'metrics',
  'metricsTrend',
  'metricsBreakdown',
  'stalledProjects',
  'stallChanges',
  'prefectures',
  'prefecture',
  'stallRules',
]);

/** The first root field of a province fetch that no version covers, or null when all are covered. */
export function unversionedProvinceField(query: string): string | null {
  const fetch = parseFetch(query);
  return fetch.rootFields.find((field) => !VERSIONED_ROOT_FIELDS.has(field.name.value))?.name.value ?? null;
}
