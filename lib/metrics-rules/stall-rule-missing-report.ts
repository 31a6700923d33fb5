import { shiftMonth, type IsoDate } from '../calendar.js';
import type { ProjectFacts } from './project-facts.js';
import { missedCycles, reportDueOn, reportMissingFrom } from './report-cycle.js';
import { StallRule, type StallFlag } from './stall-flag.js';
import { makeFlag, severityOn } from './stall-rule-support.js';
import type { StallThresholds } from './stall-thresholds.js';

/**
 * MISSING_REPORT: closed monthly cycles without a progress report (cycle: report-cycle.ts).
 * Yellow from yellowMissedCycles missed (default 1), red from redMissedCycles (default 2); each
 * severity starts the day its last needed cycle became missing.
 */
export function missingReport(
  facts: ProjectFacts,
  asOf: IsoDate,
  thresholds: StallThresholds['missingReport'],
): StallFlag[] {
  const { dueDay, yellowMissedCycles, redMissedCycles } = thresholds;
  const missed = missedCycles(facts, asOf, dueDay);
  if (missed.firstMissed === null) return [];
  const missingFromCycle = (cycles: number) => reportMissingFrom(shiftMonth(missed.firstMissed!, cycles - 1), dueDay);
  const at = severityOn(asOf, missingFromCycle(yellowMissedCycles), missingFromCycle(redMissedCycles));
  if (!at) return [];
  return [
    makeFlag(facts, StallRule.MISSING_REPORT, at, {
      latestReportPeriod: facts.latestReportPeriod ?? 'none',
      missedCycles: missed.count,
      firstMissedPeriod: missed.firstMissed,
      firstMissedDueOn: reportDueOn(missed.firstMissed, dueDay),
    }),
  ];
}
