import type { IsoDate } from '../calendar.js';
import type { ProjectFacts } from './project-facts.js';
import type { StallFlag, StallRule, StallSeverity } from './stall-flag.js';

/** A severity and the first day of it. */
export interface SeverityOnDate {
  readonly severity: StallSeverity;
  readonly since: IsoDate;
}

/**
 * The severity on `asOf` of a condition that turns yellow on `yellowFrom` and red on `redFrom`
 * (both first days, inclusive); null before yellow. Without `redFrom` the rule is yellow only.
 */
export function severityOn(asOf: IsoDate, yellowFrom: IsoDate, redFrom: IsoDate | null = null): SeverityOnDate | null {
  if (redFrom !== null && asOf >= redFrom) return { severity: 'RED', since: redFrom };
  if (asOf >= yellowFrom) return { severity: 'YELLOW', since: yellowFrom };
  return null;
}

/**
 * Whether a recorded date had happened by the as-of date. A date after it (a rerun for an earlier
 * day) counts as not yet happened; stages cannot be dated back like this, so they are taken as read.
 */
export function happenedBy(date: IsoDate | null, asOf: IsoDate): boolean {
  return date !== null && date <= asOf;
}

export function makeFlag(
  facts: ProjectFacts,
  rule: StallRule,
  at: SeverityOnDate,
  evidence: Record<string, string | number>,
  obstacleId: string | null = null,
): StallFlag {
  return {
    projectId: facts.id,
    prefectureCode: facts.prefectureCode,
    rule,
    obstacleId,
    severity: at.severity,
    since: at.since,
    evidence,
  };
}
