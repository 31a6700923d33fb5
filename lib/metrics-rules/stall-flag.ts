import type { IsoDate } from '../calendar.js';

/**
 * The stalled-project rules (docs/domain.md, "Stalled-project rules"); names are stable: stored flags and
 * thresholds use them.
 */
export enum StallRule {
  START_OVERDUE = 'START_OVERDUE',
  REGISTRATION_OVERDUE = 'REGISTRATION_OVERDUE',
  LOW_FUNDS = 'LOW_FUNDS',
  MISSING_REPORT = 'MISSING_REPORT',
  OBSTACLE_OPEN = 'OBSTACLE_OPEN',
  NO_STAGE_CHANGE = 'NO_STAGE_CHANGE',
}

export type StallSeverity = 'YELLOW' | 'RED';

/** One rule holding for one project (for OBSTACLE_OPEN: for one obstacle of it) on the as-of date. */
export interface StallFlag {
  readonly projectId: string;
  readonly prefectureCode: string;
  readonly rule: StallRule;
  /**
   * The obstacle the flag is about: OBSTACLE_OPEN raises one flag per open obstacle, so its
   * identity needs the obstacle; null for every other rule. (A field beyond the brief's shape,
   * because the identity must not hide in the evidence.)
   */
  readonly obstacleId: string | null;
  readonly severity: StallSeverity;
  /**
   * The first day of the CURRENT severity under the facts as read: for a red flag the day it
   * turned red, not the day it first turned yellow. The day the problem began is in the evidence
   * (e.g. plannedStartOn, raisedOn).
   */
  readonly since: IsoDate;
  /** The dates and amounts that justify the flag; money as yuan strings ("1200000000.00"). */
  readonly evidence: Readonly<Record<string, string | number>>;
}

/**
 * The identity of a flag across runs: project + rule (+ obstacle). Severity is not part of it, so
 * a yellow flag turning red is the same flag, changed.
 */
export function stallFlagKey(flag: Pick<StallFlag, 'projectId' | 'rule' | 'obstacleId'>): string {
  return flag.obstacleId === null
    ? `${flag.projectId}|${flag.rule}`
    : `${flag.projectId}|${flag.rule}|${flag.obstacleId}`;
}
