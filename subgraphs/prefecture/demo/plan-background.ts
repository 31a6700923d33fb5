import { SigningLevel } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { daysBetween } from '../../../lib/calendar.js';
import { yearOf } from './dates.js';
import { dayBetween, EVENT_KINDS_BY_LEVEL, signingDate, type ProjectPlan } from './project-plan.js';
import type { Rng } from './prng.js';

/** First signing year of the background projects. */
const FIRST_DEMO_YEAR = 2016;

/** The seed's cohort year: background projects of that year stay off the provincial lists. */
const SEED_COHORT_YEAR = 2018;

const NEGOTIATING_SHARE = 0.07;

/** Stage odds by years since signing: young projects are mostly signed or preparing. */
const STAGES_BY_AGE: readonly { maxYears: number; stages: readonly (readonly [ProjectStage, number])[] }[] = [
  {
    maxYears: 0.5,
    stages: [
      [ProjectStage.SIGNED, 55],
      [ProjectStage.PREPARING, 35],
      [ProjectStage.UNDER_CONSTRUCTION, 8],
      [ProjectStage.TERMINATED, 2],
    ],
  },
  {
    maxYears: 1.5,
    stages: [
      [ProjectStage.SIGNED, 20],
      [ProjectStage.PREPARING, 35],
      [ProjectStage.UNDER_CONSTRUCTION, 35],
      [ProjectStage.PARTIALLY_PRODUCING, 5],
      [ProjectStage.TERMINATED, 5],
    ],
  },
  {
    maxYears: 3,
    stages: [
      [ProjectStage.SIGNED, 8],
      [ProjectStage.PREPARING, 20],
      [ProjectStage.UNDER_CONSTRUCTION, 40],
      [ProjectStage.PARTIALLY_PRODUCING, 12],
      [ProjectStage.OPERATING, 10],
      [ProjectStage.AT_CAPACITY, 2],
      [ProjectStage.TERMINATED, 8],
    ],
  },
  {
    maxYears: Infinity,
    stages: [
      [ProjectStage.SIGNED, 5],
      [ProjectStage.PREPARING, 10],
      [ProjectStage.UNDER_CONSTRUCTION, 25],
      [ProjectStage.PARTIALLY_PRODUCING, 15],
      [ProjectStage.OPERATING, 25],
      [ProjectStage.AT_CAPACITY, 10],
      [ProjectStage.TERMINATED, 10],
    ],
  },
];

function drawLevel(rng: Rng, cohortYear: number): SigningLevel {
  // Never add to the seed's exact 2018 provincial cohorts.
  if (cohortYear === SEED_COHORT_YEAR) return SigningLevel.PREFECTURE;
  return rng.weighted([
    [SigningLevel.PROVINCIAL_MAJOR_EVENT, 25],
    [SigningLevel.PROVINCIAL_MAJOR_PROJECT, 8],
    [SigningLevel.PREFECTURE, 67],
  ]);
}

/** Plans one background project: signed 2016 up to the reference date, or still negotiating. */
export function planBackgroundProject(rng: Rng, referenceDate: string): ProjectPlan {
  const lastYear = yearOf(referenceDate);
  if (rng.chance(NEGOTIATING_SHARE)) {
    // Most negotiations are recent; a few have dragged on for years.
    const years = Array.from({ length: lastYear - FIRST_DEMO_YEAR + 1 }, (_, i) => FIRST_DEMO_YEAR + i);
    const cohortYear = rng.weighted(years.map((y) => [y, y >= lastYear - 1 ? 6 : 1] as const));
    const listedOn = dayBetween(
      rng,
      `${cohortYear}-01-01`,
      cohortYear === lastYear ? referenceDate : `${cohortYear}-12-31`,
    );
    const signingLevel = drawLevel(rng, cohortYear);
    const eventKind = rng.weighted(EVENT_KINDS_BY_LEVEL[signingLevel]);
    return { stage: ProjectStage.NEGOTIATING, signingLevel, eventKind, cohortYear, signedOn: null, listedOn };
  }
  // The current year counts by the share of it already past.
  const yearWeights = [];
  for (let y = FIRST_DEMO_YEAR; y <= lastYear; y++) {
    const share = y < lastYear ? 1 : (daysBetween(`${y}-01-01`, referenceDate) + 1) / 365;
    yearWeights.push([y, share] as const);
  }
  const cohortYear = rng.weighted(yearWeights);
  const signingLevel = drawLevel(rng, cohortYear);
  const eventKind = rng.weighted(EVENT_KINDS_BY_LEVEL[signingLevel]);
  const signedOn = signingDate(rng, cohortYear, eventKind, referenceDate);
  const ageYears = daysBetween(signedOn, referenceDate) / 365;
  const odds = STAGES_BY_AGE.find((band) => ageYears <= band.maxYears) ?? STAGES_BY_AGE[STAGES_BY_AGE.length - 1];
  const stage = rng.weighted(odds.stages);
  return { stage, signingLevel, eventKind, cohortYear, signedOn, listedOn: signedOn };
}
