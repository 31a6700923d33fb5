import { ProjectStage, stageRank } from '../../../schema/contract/project-stage.js';
import { addDays, dayNumber, dateOfDay } from '../../../lib/calendar.js';
import { minDate } from './dates.js';
import { dayBetween, type ProjectPlan } from './project-plan.js';
import type { Rng } from './prng.js';

export interface Milestones {
  plannedRegistrationOn: string | null;
  actualRegistrationOn: string | null;
  plannedLandSupplyOn: string | null;
  actualLandSupplyOn: string | null;
  plannedStartOn: string | null;
  actualStartOn: string | null;
  plannedProductionOn: string | null;
  actualProductionOn: string | null;
  plannedCapacityOn: string | null;
  actualCapacityOn: string | null;
  /** Day the project reached its current stage. */
  stageChangedOn: string;
}

type ActualField =
  'actualRegistrationOn' | 'actualLandSupplyOn' | 'actualStartOn' | 'actualProductionOn' | 'actualCapacityOn';

/** Actual milestones reached take place within this many days of signing. */
const ACTUAL_WINDOW_DAYS = 5 * 365;

const atLeast = (stage: ProjectStage, floor: ProjectStage) =>
  stage !== ProjectStage.TERMINATED && stageRank(stage) >= stageRank(floor);

/** Which actual milestones a project of this stage has reached, in lifecycle order. */
function reachedMilestones(rng: Rng, stage: ProjectStage): ActualField[] {
  const building = atLeast(stage, ProjectStage.UNDER_CONSTRUCTION);
  const registrationOdds = building
    ? 1
    : stage === ProjectStage.PREPARING
      ? 0.85
      : stage === ProjectStage.TERMINATED
        ? 0.4
        : 0.2;
  const chain: ActualField[] = [];
  if (stage !== ProjectStage.NEGOTIATING && rng.chance(registrationOdds)) chain.push('actualRegistrationOn');
  if ((building && rng.chance(0.9)) || (stage === ProjectStage.PREPARING && rng.chance(0.4)))
    chain.push('actualLandSupplyOn');
  if (building) chain.push('actualStartOn');
  if (atLeast(stage, ProjectStage.PARTIALLY_PRODUCING)) chain.push('actualProductionOn');
  if (stage === ProjectStage.AT_CAPACITY) chain.push('actualCapacityOn');
  return chain;
}

/**
 * Planned and actual dates consistent with the stage: actual dates are ordered, on or after
 * signing and never after the reference date; planned ones are ordered among themselves.
 */
export function buildMilestones(rng: Rng, plan: ProjectPlan, referenceDate: string): Milestones {
  const m: Milestones = {
    plannedRegistrationOn: null,
    actualRegistrationOn: null,
    plannedLandSupplyOn: null,
    actualLandSupplyOn: null,
    plannedStartOn: null,
    actualStartOn: null,
    plannedProductionOn: null,
    actualProductionOn: null,
    plannedCapacityOn: null,
    actualCapacityOn: null,
    stageChangedOn: plan.listedOn,
  };
  const signedOn = plan.signedOn;
  if (!signedOn) return m; // negotiating: nothing is planned until the agreement is signed

  m.plannedRegistrationOn = addDays(signedOn, rng.int(20, 120));
  m.plannedLandSupplyOn = addDays(signedOn, rng.int(60, 300));
  m.plannedStartOn = addDays(signedOn, rng.int(90, 420));
  m.plannedProductionOn = addDays(m.plannedStartOn, rng.int(240, 900));
  m.plannedCapacityOn = addDays(m.plannedProductionOn, rng.int(180, 720));

  const chain = reachedMilestones(rng, plan.stage);
  const last = minDate(referenceDate, addDays(signedOn, ACTUAL_WINDOW_DAYS));
  const days = chain.map(() => rng.int(dayNumber(signedOn), dayNumber(last))).sort((a, b) => a - b);
  chain.forEach((field, i) => (m[field] = dateOfDay(days[i])));

  const lastActual = days.length ? dateOfDay(days[days.length - 1]) : signedOn;
  m.stageChangedOn = stageChangeDay(rng, plan.stage, m, signedOn, lastActual, referenceDate);
  return m;
}

function stageChangeDay(
  rng: Rng,
  stage: ProjectStage,
  m: Milestones,
  signedOn: string,
  lastActual: string,
  referenceDate: string,
): string {
  switch (stage) {
    case ProjectStage.SIGNED:
      return signedOn;
    case ProjectStage.PREPARING:
      return (
        m.actualRegistrationOn ??
        m.actualLandSupplyOn ??
        dayBetween(rng, signedOn, minDate(referenceDate, addDays(signedOn, 365)))
      );
    case ProjectStage.UNDER_CONSTRUCTION:
      return m.actualStartOn ?? lastActual;
    case ProjectStage.PARTIALLY_PRODUCING:
      return m.actualProductionOn ?? lastActual;
    case ProjectStage.OPERATING: {
      const producing = m.actualProductionOn ?? lastActual;
      return dayBetween(rng, producing, minDate(referenceDate, addDays(producing, 365)));
    }
    case ProjectStage.AT_CAPACITY:
      return m.actualCapacityOn ?? lastActual;
    default:
      return dayBetween(rng, lastActual, referenceDate); // terminated
  }
}
