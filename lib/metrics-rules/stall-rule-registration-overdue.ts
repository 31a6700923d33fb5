import { addDays, daysBetween, type IsoDate } from '../calendar.js';
import type { ProjectFacts } from './project-facts.js';
import { StallRule, type StallFlag } from './stall-flag.js';
import { happenedBy, makeFlag, severityOn } from './stall-rule-support.js';
import type { StallThresholds } from './stall-thresholds.js';

/**
 * REGISTRATION_OVERDUE: no company registered by the as-of date although the planned registration
 * date is more than graceDays past. Yellow only, from plannedRegistrationOn + graceDays + 1.
 */
export function registrationOverdue(
  facts: ProjectFacts,
  asOf: IsoDate,
  thresholds: StallThresholds['registrationOverdue'],
): StallFlag[] {
  const planned = facts.plannedRegistrationOn;
  if (planned === null || happenedBy(facts.actualRegistrationOn, asOf)) return [];
  const at = severityOn(asOf, addDays(planned, thresholds.graceDays + 1));
  if (!at) return [];
  return [
    makeFlag(facts, StallRule.REGISTRATION_OVERDUE, at, {
      plannedRegistrationOn: planned,
      daysOverdue: daysBetween(planned, asOf),
    }),
  ];
}
