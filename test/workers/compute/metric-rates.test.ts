import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { addCounts, countProject, emptyCounts, type MetricCounts } from '../../../lib/metrics-rules/metric-counts.js';
import { computeRates, rate } from '../../../lib/metrics-rules/metric-rates.js';
import type { ProjectFacts } from '../../../lib/metrics-rules/project-facts.js';
import { projectFacts, projectsInStage } from './project-facts.fixture.js';

const countAll = (facts: readonly ProjectFacts[]): MetricCounts =>
  facts.reduce((counts, one) => countProject(counts, one, 'REGISTERED_COMPANY'), emptyCounts());

describe('metric rates', () => {
  it('rounds to 0.1 percentage points, half away from zero', () => {
    expect(rate(84, 110).percent).toBe(76.4);
    expect(rate(58, 110).percent).toBe(52.7);
    expect(rate(1, 3).percent).toBe(33.3);
    expect(rate(2, 3).percent).toBe(66.7);
    expect(rate(1, 2000).percent).toBe(0.1); // 0.05 → 0.1
    expect(rate(1, 2001).percent).toBe(0); // 0.04998 → 0.0
    expect(rate(1, 1).percent).toBe(100);
    expect(rate(3, 2).percent).toBe(150);
    expect(rate(-1, 2000).percent).toBe(-0.1);
  });

  it('gives a null percentage, but keeps the fraction, when the denominator is 0', () => {
    expect(rate(0, 0)).toEqual({ numerator: 0n, denominator: 0n, percent: null });
    const rates = computeRates(emptyCounts());
    for (const value of Object.values(rates)) expect(value.percent).toBeNull();
  });

  it('weights the funds rate by money: one huge project dominates', () => {
    const huge = projectFacts({
      stage: ProjectStage.UNDER_CONSTRUCTION,
      agreedInvestment: 1_000_000_000_000n,
      fundsInPlace: 900_000_000_000n,
    });
    const small = Array.from({ length: 9 }, () =>
      projectFacts({ stage: ProjectStage.PREPARING, agreedInvestment: 1_000_000n, fundsInPlace: 0n }),
    );
    const fundsRate = computeRates(countAll([huge, ...small])).fundsRate;
    expect(fundsRate.percent).toBe(90); // the mean of the ten projects' rates would be 9%
    expect(fundsRate).toMatchObject({ numerator: 900_000_000_000n, denominator: 1_000_009_000_000n });
  });

  it('stays exact with sums beyond 2^53 fen', () => {
    // Each agreed amount is > 2^53 on its own; as floats these sums would lose the last fen.
    const agreed = 2n ** 60n + 1n;
    const facts = [
      projectFacts({ agreedInvestment: agreed, fundsInPlace: agreed / 2n }),
      projectFacts({ agreedInvestment: agreed, fundsInPlace: agreed / 2n + 1n }),
      projectFacts({ agreedInvestment: 2n, fundsInPlace: 1n }),
    ];
    const counts = countAll(facts);
    expect(counts.agreedInvestment).toBe(2n ** 61n + 4n);
    expect(counts.fundsInPlace).toBe(2n ** 60n + 2n);
    expect(computeRates(counts).fundsRate.percent).toBe(50);
    // 0.0499...% of a huge sum rounds down, 0.05% up: decided on exact integers, not floats.
    const big = 10n ** 22n;
    expect(rate(big / 2000n - 1n, big).percent).toBe(0);
    expect(rate(big / 2000n, big).percent).toBe(0.1);
  });

  it("takes the rate of summed counts, which is not the mean of the parts' rates", () => {
    const prefectureA = countAll(projectsInStage(ProjectStage.UNDER_CONSTRUCTION, 1));
    const prefectureB = countAll(projectsInStage(ProjectStage.SIGNED, 9));
    const province = computeRates(addCounts(prefectureA, prefectureB)).startRate;
    const meanOfRates =
      (computeRates(prefectureA).startRate.percent! + computeRates(prefectureB).startRate.percent!) / 2;
    expect(province.percent).toBe(10);
    expect(meanOfRates).toBe(50);
  });

  it('derives each rate from its numerator and the signed set', () => {
    const counts = countAll([
      ...projectsInStage(ProjectStage.NEGOTIATING, 5),
      ...projectsInStage(ProjectStage.SIGNED, 1),
      ...projectsInStage(ProjectStage.PREPARING, 1, { actualRegistrationOn: '2024-02-01' }),
      ...projectsInStage(ProjectStage.UNDER_CONSTRUCTION, 1, { actualRegistrationOn: '2024-02-01' }),
      ...projectsInStage(ProjectStage.AT_CAPACITY, 1, { actualRegistrationOn: '2024-02-01' }),
    ]);
    const rates = computeRates(counts);
    expect(
      [rates.performanceRate, rates.startRate, rates.productionRate, rates.landingRate].map(
        (r) => `${r.numerator}/${r.denominator}`,
      ),
    ).toEqual(['3/4', '2/4', '1/4', '3/4']);
  });

  it('never rounds away more than half a tenth of a point, up to 1000% of sums beyond 2^53', () => {
    const fraction = fc
      .bigInt({ min: 1n, max: 10n ** 24n })
      .chain((denominator) => fc.tuple(fc.bigInt({ min: 0n, max: denominator * 10n }), fc.constant(denominator)));
    fc.assert(
      fc.property(fraction, ([numerator, denominator]) => {
        const percent = rate(numerator, denominator).percent!;
        // |percent×10 − num×1000/den| ≤ 1/2, checked in integers: |p×10×den − num×1000| × 2 ≤ den
        const tenths = BigInt(Math.round(percent * 10));
        const error = tenths * denominator - numerator * 1000n;
        expect((error < 0n ? -error : error) * 2n <= denominator).toBe(true);
      }),
    );
  });
});
