import { SigningLevel } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { apportionBig } from './apportion.js';
import { dayBetween, EVENT_KINDS_BY_LEVEL, signingDate, type ProjectPlan } from './project-plan.js';
import type { Rng } from './prng.js';
import { WAN_YUAN, type CohortAllocation } from './seed-cohorts.js';

const COHORT_YEAR = 2018;
const STARTED = new Set<ProjectStage>([ProjectStage.UNDER_CONSTRUCTION, ProjectStage.PARTIALLY_PRODUCING]);

function expand(stages: Readonly<Partial<Record<ProjectStage, number>>>): ProjectStage[] {
  return (Object.entries(stages) as [ProjectStage, number][]).flatMap(([stage, count]) =>
    Array<ProjectStage>(count).fill(stage),
  );
}

/** The prefecture's share of the seed's 2018 major-event cohort: all signed in 2018. */
function majorEventPlans(rng: Rng, allocation: CohortAllocation, referenceDate: string): ProjectPlan[] {
  const signingLevel = SigningLevel.PROVINCIAL_MAJOR_EVENT;
  return expand(allocation.majorEvent).map((stage) => {
    const eventKind = rng.weighted(EVENT_KINDS_BY_LEVEL[signingLevel]);
    const signedOn = signingDate(rng, COHORT_YEAR, eventKind, referenceDate);
    return { stage, signingLevel, eventKind, cohortYear: COHORT_YEAR, signedOn, listedOn: signedOn };
  });
}

/**
 * The prefecture's share of the 45 major projects. Its funds total is split in whole 万元, the
 * started projects taking the larger parts, so the province-wide sum is exact.
 */
function majorProjectPlans(rng: Rng, allocation: CohortAllocation, referenceDate: string): ProjectPlan[] {
  const signingLevel = SigningLevel.PROVINCIAL_MAJOR_PROJECT;
  const stages = expand(allocation.majorProject);
  const funded = stages.filter((stage) => stage !== ProjectStage.NEGOTIATING);
  const weights = funded.map((stage) => (STARTED.has(stage) ? 1 + rng.next() : 0.1 + 0.2 * rng.next()));
  const shares = funded.length ? apportionBig(allocation.majorProjectFunds / WAN_YUAN, weights) : [];
  let next = 0;
  return stages.map((stage) => {
    const eventKind = rng.weighted(EVENT_KINDS_BY_LEVEL[signingLevel]);
    if (stage === ProjectStage.NEGOTIATING) {
      const listedOn = dayBetween(rng, `${COHORT_YEAR}-01-01`, `${COHORT_YEAR}-12-31`);
      return { stage, signingLevel, eventKind, cohortYear: COHORT_YEAR, signedOn: null, listedOn, fundsInPlace: 0n };
    }
    const signedOn = signingDate(rng, COHORT_YEAR, eventKind, referenceDate);
    const fundsInPlace = shares[next++] * WAN_YUAN;
    return { stage, signingLevel, eventKind, cohortYear: COHORT_YEAR, signedOn, listedOn: signedOn, fundsInPlace };
  });
}

/** Every seed-cohort project of one prefecture, major events first. */
export function planSeedCohorts(rng: Rng, allocation: CohortAllocation, referenceDate: string): ProjectPlan[] {
  return [...majorEventPlans(rng, allocation, referenceDate), ...majorProjectPlans(rng, allocation, referenceDate)];
}
