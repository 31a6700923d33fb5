import fc from 'fast-check';
import { EventKind, SigningLevel } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import type { ProjectFacts } from '../../../lib/metrics-rules/project-facts.js';

let sequence = 0;

/**
 * A signed, preparing project that no rule flags as of 2024-06-20 (reported for May, stage
 * changed recently, no planned dates, funds well in place); override what a test is about.
 */
export function projectFacts(overrides: Partial<ProjectFacts> = {}): ProjectFacts {
  sequence += 1;
  return {
    id: `530100-2024-${String(sequence).padStart(4, '0')}`,
    prefectureCode: '530100',
    stage: ProjectStage.PREPARING,
    cohortYear: 2024,
    signingLevel: SigningLevel.PROVINCIAL_MAJOR_EVENT,
    eventKind: EventKind.SOUTH_ASIA_EXPO,
    industry: '绿色铝',
    signedOn: '2024-01-15',
    agreedInvestment: 100_000_000n,
    fundsInPlace: 50_000_000n,
    plannedRegistrationOn: null,
    actualRegistrationOn: null,
    plannedStartOn: null,
    actualStartOn: null,
    stageChangedAt: '2024-05-01T02:00:00Z',
    createdAt: '2024-01-15T02:00:00Z',
    latestReportPeriod: '2024-05',
    openObstacles: [],
    ...overrides,
  };
}

/** `count` projects in `stage`, of the given cohort. */
export function projectsInStage(
  stage: ProjectStage,
  count: number,
  overrides: Partial<ProjectFacts> = {},
): ProjectFacts[] {
  return Array.from({ length: count }, () => projectFacts({ stage, ...overrides }));
}

const STAGES = Object.values(ProjectStage);
const date = fc
  .date({ min: new Date('2015-01-01T00:00:00Z'), max: new Date('2025-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

/** Arbitrary facts for property tests; few distinct dimension values so buckets collide. */
export const arbitraryFacts: fc.Arbitrary<ProjectFacts> = fc
  .record({
    prefectureCode: fc.constantFrom('530100', '530300', '533400'),
    stage: fc.constantFrom(...STAGES),
    cohortYear: fc.integer({ min: 2017, max: 2019 }),
    signingLevel: fc.constantFrom(...Object.values(SigningLevel)),
    eventKind: fc.constantFrom(EventKind.SOUTH_ASIA_EXPO, EventKind.OTHER),
    industry: fc.constantFrom('绿色铝', '旅游', 'solar:PV', ''),
    // Up to ~10^19 fen: sums of a few of them pass 2^53 easily.
    agreedInvestment: fc.bigInt({ min: 0n, max: 10n ** 19n }),
    fundsInPlace: fc.bigInt({ min: 0n, max: 10n ** 19n }),
    actualRegistrationOn: fc.option(date, { nil: null }),
  })
  .map((fields) => projectFacts(fields));
