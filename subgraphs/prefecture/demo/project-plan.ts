import { EventKind, SigningLevel } from '../../../schema/contract/project-enums.js';
import type { ProjectStage } from '../../../schema/contract/project-stage.js';
import { addDays, daysBetween } from '../../../lib/calendar.js';
import { minDate } from './dates.js';
import type { Rng } from './prng.js';

/** What a project must be before its details are drawn: its cohort, list and lifecycle position. */
export interface ProjectPlan {
  readonly stage: ProjectStage;
  readonly signingLevel: SigningLevel;
  readonly eventKind: EventKind;
  readonly cohortYear: number;
  /** Signing date; null while negotiating. */
  readonly signedOn: string | null;
  /** Day the project entered follow-up: its signing day, or its listing day while negotiating. */
  readonly listedOn: string;
  /** Exact funds in place (fen) a seed cohort demands; drawn from the stage when absent. */
  readonly fundsInPlace?: bigint;
}

/** A uniformly drawn day in [from, to] (both ISO, from ≤ to). */
export function dayBetween(rng: Rng, from: string, to: string): string {
  return addDays(from, rng.int(0, Math.max(0, daysBetween(from, to))));
}

/**
 * A signing date in the given year that fits the event: 南博会 deals are signed in the expo week
 * in June; other events any day. Never after the reference date.
 */
export function signingDate(rng: Rng, year: number, eventKind: EventKind, referenceDate: string): string {
  const yearEnd = minDate(`${year}-12-31`, referenceDate);
  if (eventKind === EventKind.SOUTH_ASIA_EXPO) {
    const expoDay = `${year}-06-${String(rng.int(10, 20)).padStart(2, '0')}`;
    if (expoDay <= referenceDate) return expoDay;
  }
  return dayBetween(rng, `${year}-01-01`, yearEnd);
}

/** Events a signing level is typically signed at, with relative weights. */
export const EVENT_KINDS_BY_LEVEL: Readonly<Record<SigningLevel, readonly (readonly [EventKind, number])[]>> = {
  [SigningLevel.PROVINCIAL_MAJOR_EVENT]: [
    [EventKind.SOUTH_ASIA_EXPO, 45],
    [EventKind.INVESTMENT_FAIR, 25],
    [EventKind.LEADER_DELEGATION, 30],
  ],
  [SigningLevel.PROVINCIAL_MAJOR_PROJECT]: [
    [EventKind.SOUTH_ASIA_EXPO, 25],
    [EventKind.INVESTMENT_FAIR, 20],
    [EventKind.LEADER_DELEGATION, 25],
    [EventKind.OTHER, 30],
  ],
  [SigningLevel.PREFECTURE]: [
    [EventKind.OTHER, 60],
    [EventKind.SOUTH_ASIA_EXPO, 15],
    [EventKind.INVESTMENT_FAIR, 15],
    [EventKind.LEADER_DELEGATION, 10],
  ],
};
