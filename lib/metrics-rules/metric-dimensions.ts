import { EventKind, SigningLevel } from '../../schema/contract/project-enums.js';
import { DEFAULT_LANDING_DEFINITION, type LandingDefinition } from './landing-definition.js';
import { addCounts, emptyCounts, tallyProject, type MetricCounts, type MutableMetricCounts } from './metric-counts.js';
import type { ProjectFacts } from './project-facts.js';

/** The ways a set of projects is broken down. */
export enum MetricDimension {
  /** Every project: one value. */
  ALL = 'ALL',
  /** cohortYear × signingLevel × eventKind */
  COHORT = 'COHORT',
  INDUSTRY = 'INDUSTRY',
}

/** One value of a dimension, structured. */
export type DimensionValue =
  | { readonly dimension: MetricDimension.ALL }
  | {
      readonly dimension: MetricDimension.COHORT;
      readonly cohortYear: number;
      readonly signingLevel: SigningLevel;
      readonly eventKind: EventKind;
    }
  | { readonly dimension: MetricDimension.INDUSTRY; readonly industry: string };

/**
 * Counts per dimension value, keyed by dimensionKey, all made with one landing definition (counts
 * of different definitions must not be added). Keys iterate in sorted order.
 */
export interface DimensionMetrics {
  readonly landing: LandingDefinition;
  readonly counts: ReadonlyMap<string, MetricCounts>;
}

/** Every dimension: the default of MetricsAccumulator. */
const ALL_DIMENSIONS: readonly MetricDimension[] = [
  MetricDimension.ALL,
  MetricDimension.COHORT,
  MetricDimension.INDUSTRY,
];

/**
 * A stable string key of a dimension value: 'ALL', 'COHORT:2018:PROVINCIAL_MAJOR_EVENT:SOUTH_ASIA_EXPO',
 * 'INDUSTRY:绿色铝' (the industry text verbatim, colons included: it is the key's last part).
 */
export function dimensionKey(value: DimensionValue): string {
  switch (value.dimension) {
    case MetricDimension.ALL:
      return MetricDimension.ALL;
    case MetricDimension.COHORT:
      return `${MetricDimension.COHORT}:${value.cohortYear}:${value.signingLevel}:${value.eventKind}`;
    case MetricDimension.INDUSTRY:
      return `${MetricDimension.INDUSTRY}:${value.industry}`;
  }
}

/** The inverse of dimensionKey; throws on a key it did not make. */
export function parseDimensionKey(key: string): DimensionValue {
  if (key === dimensionKey({ dimension: MetricDimension.ALL })) return { dimension: MetricDimension.ALL };
  if (key.startsWith(`${MetricDimension.INDUSTRY}:`)) {
    return { dimension: MetricDimension.INDUSTRY, industry: key.slice(MetricDimension.INDUSTRY.length + 1) };
  }
  const cohort = /^COHORT:(-?\d+):([A-Z_]+):([A-Z_]+)$/.exec(key);
  if (cohort && isMember(SigningLevel, cohort[2]) && isMember(EventKind, cohort[3])) {
    return {
      dimension: MetricDimension.COHORT,
      cohortYear: Number(cohort[1]),
      signingLevel: cohort[2],
      eventKind: cohort[3],
    };
  }
  throw new RangeError(`Not a metric dimension key: ${JSON.stringify(key)}`);
}

/** The value a project takes in `dimension`. */
export function dimensionValueOf(facts: ProjectFacts, dimension: MetricDimension): DimensionValue {
  switch (dimension) {
    case MetricDimension.ALL:
      return { dimension };
    case MetricDimension.COHORT:
      return { dimension, cohortYear: facts.cohortYear, signingLevel: facts.signingLevel, eventKind: facts.eventKind };
    case MetricDimension.INDUSTRY:
      return { dimension, industry: facts.industry };
  }
}

export interface MetricsAccumulatorOptions {
  /** The 落地 numerator. Default: REGISTERED_COMPANY. */
  readonly landing?: LandingDefinition;
  /** The breakdowns to count. Default: ALL_DIMENSIONS. */
  readonly dimensions?: readonly MetricDimension[];
}

/**
 * Counts projects per dimension value as they are read, page by page. Memory grows with the
 * number of distinct dimension values, not with projects; it therefore cannot notice a project
 * fed twice, so pages must not overlap (keyset pages do not).
 */
export class MetricsAccumulator {
  private readonly landing: LandingDefinition;
  private readonly dimensions: readonly MetricDimension[];
  private readonly counts = new Map<string, MutableMetricCounts>();

  constructor(options: MetricsAccumulatorOptions = {}) {
    this.landing = options.landing ?? DEFAULT_LANDING_DEFINITION;
    this.dimensions = [...new Set(options.dimensions ?? ALL_DIMENSIONS)];
  }

  /** Counts one page (or any iterable) of projects. */
  add(page: Iterable<ProjectFacts>): this {
    for (const facts of page) this.addProject(facts);
    return this;
  }

  addProject(facts: ProjectFacts): this {
    for (const dimension of this.dimensions) {
      const key = dimensionKey(dimensionValueOf(facts, dimension));
      let counts = this.counts.get(key);
      if (!counts) this.counts.set(key, (counts = emptyCounts()));
      tallyProject(counts, facts, this.landing);
    }
    return this;
  }

  /** The counts so far (a snapshot: adding more later does not change it). */
  result(): DimensionMetrics {
    const snapshot = new Map<string, MetricCounts>();
    for (const [key, counts] of this.counts) snapshot.set(key, { ...counts, byStage: { ...counts.byStage } });
    return { landing: this.landing, counts: sortedByKey(snapshot) };
  }
}

/** The metrics of a whole collection in one pass. */
export function aggregateMetrics(
  facts: Iterable<ProjectFacts>,
  options: MetricsAccumulatorOptions = {},
): DimensionMetrics {
  return new MetricsAccumulator(options).add(facts).result();
}

/** No projects yet: the identity of mergeMetrics, to fold any number of parts from. */
export function emptyMetrics(landing: LandingDefinition = DEFAULT_LANDING_DEFINITION): DimensionMetrics {
  return { landing, counts: new Map() };
}

/**
 * The metrics of two disjoint project sets together (e.g. two prefectures, for the province):
 * counts added key by key. Both must use the same landing definition.
 */
export function mergeMetrics(a: DimensionMetrics, b: DimensionMetrics): DimensionMetrics {
  if (a.landing !== b.landing) {
    throw new RangeError(`Cannot merge metrics counted with landing ${a.landing} and ${b.landing}`);
  }
  const merged = new Map(a.counts);
  for (const [key, counts] of b.counts) {
    const existing = merged.get(key);
    merged.set(key, existing ? addCounts(existing, counts) : counts);
  }
  return { landing: a.landing, counts: sortedByKey(merged) };
}

function sortedByKey(counts: ReadonlyMap<string, MetricCounts>): ReadonlyMap<string, MetricCounts> {
  return new Map([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function isMember<T extends Record<string, string>>(enumeration: T, value: string): value is T[keyof T] {
  return Object.values<string>(enumeration).includes(value);
}
