import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import {
  SEED_2018_MAJOR_EVENT_STAGES,
  SEED_2018_MAJOR_PROJECT_STAGES,
} from '../../../subgraphs/prefecture/demo/seed-cohorts.js';
import {
  addCounts,
  countProject,
  emptyCounts,
  projectCounts,
  type MetricCounts,
} from '../../../lib/metrics-rules/metric-counts.js';
import { computeRates } from '../../../lib/metrics-rules/metric-rates.js';
import type { ProjectFacts } from '../../../lib/metrics-rules/project-facts.js';
import { arbitraryFacts, projectFacts, projectsInStage } from './project-facts.fixture.js';

const countAll = (facts: readonly ProjectFacts[]): MetricCounts =>
  facts.reduce((counts, one) => countProject(counts, one, 'REGISTERED_COMPANY'), emptyCounts());

function cohort(stages: Readonly<Partial<Record<ProjectStage, number>>>): ProjectFacts[] {
  return Object.entries(stages).flatMap(([stage, count]) => projectsInStage(stage as ProjectStage, count ?? 0));
}

describe('metric counts', () => {
  it("gives the seed's 2018 major-event cohort: 110 signed, 履约率 76.4, 开工率 52.7", () => {
    const counts = countAll(cohort(SEED_2018_MAJOR_EVENT_STAGES));
    expect(counts).toMatchObject({ projects: 110, signed: 110, performing: 84, started: 58, producing: 5 });
    expect(counts.byStage).toMatchObject({ UNDER_CONSTRUCTION: 53, OPERATING: 5, PREPARING: 26, NEGOTIATING: 0 });
    const rates = computeRates(counts);
    expect(rates.performanceRate).toEqual({ numerator: 84n, denominator: 110n, percent: 76.4 });
    expect(rates.startRate).toEqual({ numerator: 58n, denominator: 110n, percent: 52.7 });
  });

  it('gives the same seed rates however the 26 "neither" projects split between SIGNED and TERMINATED', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 26 }), (terminated) => {
        const counts = countAll(
          cohort({
            UNDER_CONSTRUCTION: 53,
            OPERATING: 5,
            PREPARING: 26,
            SIGNED: 26 - terminated,
            TERMINATED: terminated,
          }),
        );
        const rates = computeRates(counts);
        expect([counts.signed, rates.performanceRate.percent, rates.startRate.percent]).toEqual([110, 76.4, 52.7]);
      }),
      { numRuns: 27 },
    );
  });

  it("leaves negotiating projects out of the signed set: the seed's 45 major projects are 42 signed", () => {
    const counts = countAll(cohort(SEED_2018_MAJOR_PROJECT_STAGES));
    expect(counts).toMatchObject({ projects: 45, signed: 42, started: 30, producing: 6, performing: 37 });
    expect(computeRates(counts).startRate).toEqual({ numerator: 30n, denominator: 42n, percent: 71.4 });
  });

  it('counts terminated projects as signed but in no numerator', () => {
    const counts = projectCounts(
      projectFacts({
        stage: ProjectStage.TERMINATED,
        actualRegistrationOn: '2019-01-01',
        fundsInPlace: 5n,
        agreedInvestment: 10n,
      }),
      'REGISTERED_COMPANY',
    );
    expect(counts).toMatchObject({ projects: 1, signed: 1, performing: 0, started: 0, producing: 0, landed: 0 });
    expect([counts.agreedInvestment, counts.fundsInPlace]).toEqual([10n, 5n]);
  });

  it('counts money over signed projects only', () => {
    const counts = countAll([
      projectFacts({ stage: ProjectStage.NEGOTIATING, agreedInvestment: 1_000_000n, fundsInPlace: 999n }),
      projectFacts({ stage: ProjectStage.SIGNED, agreedInvestment: 300n, fundsInPlace: 30n }),
    ]);
    expect(counts).toMatchObject({ projects: 2, signed: 1, agreedInvestment: 300n, fundsInPlace: 30n });
    expect(counts.byStage.NEGOTIATING).toBe(1);
  });

  it('puts every stage in the right numerators', () => {
    const expected: Record<ProjectStage, [number, number, number, number]> = {
      // [signed, performing, started, producing]
      NEGOTIATING: [0, 0, 0, 0],
      SIGNED: [1, 0, 0, 0],
      PREPARING: [1, 1, 0, 0],
      UNDER_CONSTRUCTION: [1, 1, 1, 0],
      PARTIALLY_PRODUCING: [1, 1, 1, 1],
      OPERATING: [1, 1, 1, 1],
      AT_CAPACITY: [1, 1, 1, 1],
      TERMINATED: [1, 0, 0, 0],
    };
    for (const stage of Object.values(ProjectStage)) {
      const counts = projectCounts(projectFacts({ stage }), 'STARTED');
      expect([counts.signed, counts.performing, counts.started, counts.producing], stage).toEqual(expected[stage]);
      expect(counts.byStage[stage]).toBe(1);
      expect(Object.values(counts.byStage).reduce((a, b) => a + b)).toBe(1);
    }
  });

  it('adds the counts of parts to the counts of the whole, in any grouping and order', () => {
    fc.assert(
      fc.property(
        fc.array(arbitraryFacts, { maxLength: 40 }),
        fc.array(fc.nat(2), { maxLength: 40 }),
        (facts, parts) => {
          const groups: ProjectFacts[][] = [[], [], []];
          facts.forEach((one, index) => groups[parts[index] ?? 0].push(one));
          const [a, b, c] = groups.map(countAll);
          const whole = countAll(facts);
          expect(addCounts(addCounts(a, b), c)).toEqual(whole);
          expect(addCounts(c, addCounts(b, a))).toEqual(whole);
          expect(addCounts(whole, emptyCounts())).toEqual(whole);
        },
      ),
    );
  });

  it('does not change the counts it adds to', () => {
    const before = countAll([projectFacts()]);
    const snapshot = structuredClone(before);
    countProject(before, projectFacts(), 'REGISTERED_COMPANY');
    addCounts(before, before);
    expect(before).toEqual(snapshot);
  });
});
