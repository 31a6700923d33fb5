import { addMonths, daysBetween, type IsoDate } from '../calendar.js';
import type { ProjectFacts } from './project-facts.js';
import { StallRule, type StallFlag } from './stall-flag.js';
import { happenedBy, makeFlag, severityOn } from './stall-rule-support.js';
import type { StallThresholds } from './stall-thresholds.js';

/**
 * START_OVERDUE: the planned start has passed and construction has not started (no actual start
 * date by the as-of date; the stage filter is in stall-rules.ts). Yellow from plannedStartOn +
 * yellowAfterMonths, red from plannedStartOn + redAfterMonths, month ends clamped (Jan 31 + 1
 * month = Feb 28/29).
 */
export function startOverdue(
  facts: ProjectFacts,
  asOf: IsoDate,
  thresholds: StallThresholds['startOverdue'],
): StallFlag[] {
  const planned = facts.plannedStartOn;
  if (planned === null || happenedBy(facts.actualStartOn, asOf)) return [];
  const at = severityOn(
    asOf,
    addMonths(planned, thresholds.yellowAfterMonths),
    addMonths(planned, thresholds.redAfterMonths),
  );
  if (!at) return [];
  return [
    makeFlag(facts, StallRule.START_OVERDUE, at, {
      plannedStartOn: planned,
      daysOverdue: daysBetween(planned, asOf),
      stage: facts.stage,
    }),
  ];
}
