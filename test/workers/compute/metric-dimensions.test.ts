import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventKind, SigningLevel } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { countProject, emptyCounts } from '../../../lib/metrics-rules/metric-counts.js';
import {
  countsFromJson,
  countsToJson,
  metricsFromJson,
  metricsToJson,
} from '../../../lib/metrics-rules/metric-counts-json.js';
import {
  aggregateMetrics,
  dimensionKey,
  dimensionValueOf,
  emptyMetrics,
  MetricDimension,
  MetricsAccumulator,
  mergeMetrics,
  parseDimensionKey,
} from '../../../lib/metrics-rules/metric-dimensions.js';
import { computeRates } from '../../../lib/metrics-rules/metric-rates.js';
import type { ProjectFacts } from '../../../lib/metrics-rules/project-facts.js';
import { arbitraryFacts, projectFacts, projectsInStage } from './project-facts.fixture.js';

/** Cuts `facts` into pages at the given (unsorted, possibly repeated) positions. */
function pages(facts: readonly ProjectFacts[], cuts: readonly number[]): ProjectFacts[][] {
  const positions = [...new Set(cuts.map((cut) => cut % (facts.length + 1)))].sort((a, b) => a - b);
  const result: ProjectFacts[][] = [];
  let start = 0;
  for (const position of [...positions, facts.length]) {
    result.push(facts.slice(start, position));
    start = position;
  }
  return result;
}

describe('metric dimensions', () => {
  it('keys each dimension value stably and parses the key back', () => {
    const facts = projectFacts({
      cohortYear: 2018,
      signingLevel: SigningLevel.PROVINCIAL_MAJOR_EVENT,
      eventKind: EventKind.SOUTH_ASIA_EXPO,
      industry: '光伏:分布式',
    });
    const keys = Object.values(MetricDimension).map((dimension) => dimensionKey(dimensionValueOf(facts, dimension)));
    expect(keys).toEqual(['ALL', 'COHORT:2018:PROVINCIAL_MAJOR_EVENT:SOUTH_ASIA_EXPO', 'INDUSTRY:光伏:分布式']);
    for (const key of keys) expect(dimensionKey(parseDimensionKey(key))).toBe(key);
    expect(parseDimensionKey('INDUSTRY:光伏:分布式')).toEqual({ dimension: 'INDUSTRY', industry: '光伏:分布式' });
    expect(parseDimensionKey('COHORT:2018:PREFECTURE:OTHER')).toEqual({
      dimension: 'COHORT',
      cohortYear: 2018,
      signingLevel: 'PREFECTURE',
      eventKind: 'OTHER',
    });
  });

  it('refuses keys it did not make', () => {
    for (const bad of ['all', 'COHORT:2018:NATIONAL:OTHER', 'COHORT:2018:PREFECTURE', 'REGION:x', '']) {
      expect(() => parseDimensionKey(bad), bad).toThrow(/Not a metric dimension key/);
    }
  });

  it('finds the seed cohort among others and gives its rates', () => {
    const seedCohort = {
      cohortYear: 2018,
      signingLevel: SigningLevel.PROVINCIAL_MAJOR_EVENT,
      eventKind: EventKind.SOUTH_ASIA_EXPO,
    };
    const metrics = aggregateMetrics([
      ...projectsInStage(ProjectStage.UNDER_CONSTRUCTION, 53, seedCohort),
      ...projectsInStage(ProjectStage.OPERATING, 5, seedCohort),
      ...projectsInStage(ProjectStage.PREPARING, 26, seedCohort),
      ...projectsInStage(ProjectStage.SIGNED, 20, seedCohort),
      ...projectsInStage(ProjectStage.TERMINATED, 6, seedCohort),
      ...projectsInStage(ProjectStage.SIGNED, 7, { ...seedCohort, cohortYear: 2019 }),
      ...projectsInStage(ProjectStage.NEGOTIATING, 4, { ...seedCohort, signingLevel: SigningLevel.PREFECTURE }),
    ]);
    const rates = computeRates(metrics.counts.get('COHORT:2018:PROVINCIAL_MAJOR_EVENT:SOUTH_ASIA_EXPO')!);
    expect([rates.performanceRate.percent, rates.startRate.percent]).toEqual([76.4, 52.7]);
    expect(metrics.counts.get('ALL')).toMatchObject({ projects: 121, signed: 117 });
    expect(metrics.counts.get('COHORT:2018:PREFECTURE:SOUTH_ASIA_EXPO')).toMatchObject({ projects: 4, signed: 0 });
    expect([...metrics.counts.keys()]).toEqual([
      'ALL',
      'COHORT:2018:PREFECTURE:SOUTH_ASIA_EXPO',
      'COHORT:2018:PROVINCIAL_MAJOR_EVENT:SOUTH_ASIA_EXPO',
      'COHORT:2019:PROVINCIAL_MAJOR_EVENT:SOUTH_ASIA_EXPO',
      'INDUSTRY:绿色铝',
    ]);
  });

  it('counts only the dimensions asked for, with the landing definition asked for', () => {
    const accumulator = new MetricsAccumulator({ dimensions: [MetricDimension.INDUSTRY], landing: 'FUNDS_ARRIVED' });
    const metrics = accumulator
      .add([projectFacts({ industry: '旅游', fundsInPlace: 1n }), projectFacts({ industry: '旅游', fundsInPlace: 0n })])
      .result();
    expect(metrics.landing).toBe('FUNDS_ARRIVED');
    expect([...metrics.counts.keys()]).toEqual(['INDUSTRY:旅游']);
    expect(metrics.counts.get('INDUSTRY:旅游')).toMatchObject({ projects: 2, landed: 1 });
  });

  it('gives the same result fed in any page split as in one pass', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFacts, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 8 }), (facts, cuts) => {
        const accumulator = new MetricsAccumulator();
        for (const page of pages(facts, cuts)) accumulator.add(page);
        expect(accumulator.result()).toEqual(aggregateMetrics(facts));
      }),
    );
  });

  it('counts each dimension value like the pure countProject over the projects that have it', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFacts, { maxLength: 40 }), (facts) => {
        const metrics = aggregateMetrics(facts, { landing: 'FUNDS_ARRIVED' });
        for (const [key, counts] of metrics.counts) {
          const members = facts.filter((one) =>
            Object.values(MetricDimension).some((dimension) => dimensionKey(dimensionValueOf(one, dimension)) === key),
          );
          expect(counts).toEqual(members.reduce((sum, one) => countProject(sum, one, 'FUNDS_ARRIVED'), emptyCounts()));
        }
        expect(metrics.counts.get('ALL')?.projects ?? 0).toBe(facts.length);
      }),
    );
  });

  it('merges per-prefecture results, passed as JSON, into the province result', () => {
    fc.assert(
      fc.property(fc.array(arbitraryFacts, { maxLength: 60 }), (facts) => {
        const byPrefecture = new Map<string, ProjectFacts[]>();
        for (const one of facts)
          byPrefecture.set(one.prefectureCode, [...(byPrefecture.get(one.prefectureCode) ?? []), one]);
        const childResults = [...byPrefecture.values()].map((part) =>
          JSON.parse(JSON.stringify(metricsToJson(aggregateMetrics(part)))),
        );
        const province = childResults.map(metricsFromJson).reduce(mergeMetrics, emptyMetrics());
        expect(province).toEqual(aggregateMetrics(facts));
      }),
    );
  });

  it('keeps memory to one entry per dimension value, however many projects', () => {
    const accumulator = new MetricsAccumulator();
    for (let page = 0; page < 50; page += 1) accumulator.add(projectsInStage(ProjectStage.PREPARING, 200));
    const metrics = accumulator.result();
    expect(metrics.counts.size).toBe(3);
    expect(metrics.counts.get('ALL')?.projects).toBe(10_000);
  });

  it('gives a snapshot that later pages do not change', () => {
    const accumulator = new MetricsAccumulator().add([projectFacts()]);
    const first = accumulator.result();
    accumulator.add([projectFacts()]);
    expect(first.counts.get('ALL')?.projects).toBe(1);
    expect(accumulator.result().counts.get('ALL')?.projects).toBe(2);
  });

  it('refuses to merge counts made with different landing definitions', () => {
    expect(() => mergeMetrics(emptyMetrics('STARTED'), emptyMetrics('REGISTERED_COMPANY'))).toThrow(
      /landing STARTED and REGISTERED_COMPANY/,
    );
  });

  it('round-trips counts through JSON exactly, money beyond 2^53 included', () => {
    const counts = aggregateMetrics([
      projectFacts({ agreedInvestment: 2n ** 70n + 3n, fundsInPlace: 2n ** 64n + 1n }),
    ]).counts.get('ALL')!;
    const json = JSON.parse(JSON.stringify(countsToJson(counts)));
    expect(json.agreedInvestment).toBe('1180591620717411303427');
    expect(countsFromJson(json)).toEqual(counts);
    expect(() => countsFromJson({ ...json, fundsInPlace: 1.5 })).toThrow();
    expect(() => countsFromJson({ ...json, signed: -1 })).toThrow();
  });
});
