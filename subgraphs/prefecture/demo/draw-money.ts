import { SigningLevel } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import type { ProjectPlan } from './project-plan.js';
import type { Rng } from './prng.js';
import { WAN_YUAN } from './seed-cohorts.js';

/** Agreed investments run from 5 million to 20 billion yuan (in fen here). */
export const MIN_AGREED_INVESTMENT = 500_000_000n;
export const MAX_AGREED_INVESTMENT = 2_000_000_000_000n;

/** Agreed-investment range in yuan by list: provincial major projects are the big ones. */
const AGREED_RANGE_YUAN: Readonly<Record<SigningLevel, readonly [number, number]>> = {
  [SigningLevel.PROVINCIAL_MAJOR_PROJECT]: [1e9, 2e10],
  [SigningLevel.PROVINCIAL_MAJOR_EVENT]: [5e7, 2e10],
  [SigningLevel.PREFECTURE]: [5e6, 5e9],
};

/** Share of the agreed investment in place, by stage: [low, high, odds of nothing at all]. */
const FUNDS_RATIO: Readonly<Record<ProjectStage, readonly [number, number, number]>> = {
  NEGOTIATING: [0, 0, 1],
  SIGNED: [0.01, 0.05, 0.6],
  PREPARING: [0.02, 0.25, 0.2],
  UNDER_CONSTRUCTION: [0.15, 0.7, 0],
  PARTIALLY_PRODUCING: [0.4, 0.85, 0],
  OPERATING: [0.6, 0.98, 0],
  AT_CAPACITY: [0.8, 1, 0],
  TERMINATED: [0, 0.15, 0.5],
};

export interface DemoMoney {
  agreedInvestment: bigint;
  fundsInPlace: bigint;
  investmentCompleted: bigint;
}

const between = (rng: Rng, low: number, high: number) => low + (high - low) * rng.next();
/** A fen amount of whole 万元 from a (non-negative) number of 万元, rounded down. */
const wan = (units: number) => BigInt(Math.floor(units)) * WAN_YUAN;

/** Log-uniform in the list's range, so small deals are common and 10-billion deals rare. */
function drawAgreed(rng: Rng, level: SigningLevel): bigint {
  const [low, high] = AGREED_RANGE_YUAN[level];
  const yuan = Math.exp(Math.log(low) + rng.next() * (Math.log(high) - Math.log(low)));
  // Rounded, not floored: exp(log(low)) may land a hair under the 5-million floor.
  return BigInt(Math.round(yuan / 10_000)) * WAN_YUAN;
}

/**
 * Agreed investment, funds in place (below agreed, more the further along the project is) and
 * investment completed. A plan with pinned funds gets an agreed amount that fits them.
 */
export function drawMoney(rng: Rng, plan: ProjectPlan): DemoMoney {
  let agreed = drawAgreed(rng, plan.signingLevel);
  const [low, high, none] = FUNDS_RATIO[plan.stage];
  let funds: bigint;
  if (plan.fundsInPlace !== undefined) {
    funds = plan.fundsInPlace;
    const ratio = Math.max(0.05, between(rng, low, high));
    const needed = wan(Math.ceil(Number(funds / WAN_YUAN) / ratio));
    if (needed > agreed) agreed = needed;
    if (agreed > MAX_AGREED_INVESTMENT) agreed = funds > MAX_AGREED_INVESTMENT ? funds : MAX_AGREED_INVESTMENT;
  } else {
    funds = rng.chance(none) ? 0n : wan(Number(agreed / WAN_YUAN) * between(rng, low, high));
  }
  const completedShare =
    plan.stage === ProjectStage.SIGNED || plan.stage === ProjectStage.NEGOTIATING
      ? 0
      : plan.stage === ProjectStage.PREPARING
        ? between(rng, 0, 0.2)
        : plan.stage === ProjectStage.TERMINATED
          ? between(rng, 0, 0.5)
          : between(rng, 0.5, 0.95);
  return {
    agreedInvestment: agreed,
    fundsInPlace: funds,
    investmentCompleted: wan(Number(funds / WAN_YUAN) * completedShare),
  };
}
