import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { PREFECTURES } from '../../../schema/prefectures.js';
import { apportion, apportionBig } from './apportion.js';
import { demoPlaceOf } from './demo-places.js';

/**
 * The two 2018 cohorts of the seed reply (yunnan-2019-reply-0202), split exactly over the
 * prefectures. Each prefecture's generator reads only its own row, yet the province-wide sums
 * come out to the seed's figures.
 */

/** 省级重大招商活动签约项目 2018: 110 signed; 53 building, 5 operating, 26 preparing, 26 neither. */
export const SEED_2018_MAJOR_EVENT_STAGES: Readonly<Partial<Record<ProjectStage, number>>> = {
  [ProjectStage.UNDER_CONSTRUCTION]: 53,
  [ProjectStage.OPERATING]: 5,
  [ProjectStage.PREPARING]: 26,
  // "Neither": still only signed, or abandoned.
  [ProjectStage.SIGNED]: 20,
  [ProjectStage.TERMINATED]: 6,
};

/** 省级重大招商引资项目 2018: 45; 30 started or partly producing, 12 signed/preparing, 3 negotiating. */
export const SEED_2018_MAJOR_PROJECT_STAGES: Readonly<Partial<Record<ProjectStage, number>>> = {
  [ProjectStage.UNDER_CONSTRUCTION]: 24,
  [ProjectStage.PARTIALLY_PRODUCING]: 6,
  [ProjectStage.SIGNED]: 5,
  [ProjectStage.PREPARING]: 7,
  [ProjectStage.NEGOTIATING]: 3,
};

/** Funds in place of the 45 major projects, in fen: 34,860,000,000.00 yuan ("近350亿元"). */
export const SEED_2018_MAJOR_PROJECT_FUNDS = 3_486_000_000_000n;

/** Funds are split in whole 万元 (10,000 yuan = 1,000,000 fen), as reports state them. */
export const WAN_YUAN = 1_000_000n;

export interface CohortAllocation {
  readonly prefectureCode: string;
  readonly majorEvent: Readonly<Partial<Record<ProjectStage, number>>>;
  readonly majorProject: Readonly<Partial<Record<ProjectStage, number>>>;
  /** This prefecture's part of SEED_2018_MAJOR_PROJECT_FUNDS (fen; whole 万元). */
  readonly majorProjectFunds: bigint;
}

/** Splits every stage count by the prefectures' weights (largest remainder, PREFECTURES order). */
function splitStages(stages: Readonly<Partial<Record<ProjectStage, number>>>, weights: number[]) {
  const rows = weights.map((): Partial<Record<ProjectStage, number>> => ({}));
  for (const [stage, total] of Object.entries(stages) as [ProjectStage, number][]) {
    apportion(total, weights).forEach((count, i) => {
      if (count > 0) rows[i][stage] = count;
    });
  }
  return rows;
}

let cached: readonly CohortAllocation[] | null = null;

/** The allocation table, one row per registry prefecture, in PREFECTURES order. */
export function seedCohortAllocation(): readonly CohortAllocation[] {
  if (cached) return cached;
  const weights = PREFECTURES.map((p) => demoPlaceOf(p.code, p.nameZh).weight);
  const majorEvent = splitStages(SEED_2018_MAJOR_EVENT_STAGES, weights);
  const majorProject = splitStages(SEED_2018_MAJOR_PROJECT_STAGES, weights);
  // Money follows the projects that can hold it: negotiating projects have none in place.
  const funded = majorProject.map((row) => fundedCount(row));
  const units = apportionBig(SEED_2018_MAJOR_PROJECT_FUNDS / WAN_YUAN, funded);
  cached = Object.freeze(
    PREFECTURES.map((p, i) =>
      Object.freeze({
        prefectureCode: p.code,
        majorEvent: Object.freeze(majorEvent[i]),
        majorProject: Object.freeze(majorProject[i]),
        majorProjectFunds: units[i] * WAN_YUAN,
      }),
    ),
  );
  return cached;
}

function fundedCount(stages: Readonly<Partial<Record<ProjectStage, number>>>): number {
  return (Object.entries(stages) as [ProjectStage, number][])
    .filter(([stage]) => stage !== ProjectStage.NEGOTIATING)
    .reduce((sum, [, count]) => sum + (count ?? 0), 0);
}

/** The row of one prefecture; an unknown code has no part in the seed cohorts. */
export function cohortAllocationOf(prefectureCode: string): CohortAllocation {
  return (
    seedCohortAllocation().find((row) => row.prefectureCode === prefectureCode) ?? {
      prefectureCode,
      majorEvent: {},
      majorProject: {},
      majorProjectFunds: 0n,
    }
  );
}
