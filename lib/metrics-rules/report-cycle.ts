import {
  addDays,
  dayOfMonth,
  monthOf,
  monthsBetween,
  shanghaiDateOf,
  shiftMonth,
  type IsoDate,
  type IsoMonth,
} from '../calendar.js';
import type { ProjectFacts } from './project-facts.js';

/**
 * The monthly reporting cycle. The report of period P ('YYYY-MM') is due by day `dueDay` of month
 * P+1; it counts as missing from the day after (dueDay + 1 of P+1). As of a date D, the closed
 * cycles are every period whose report is missing if absent by D: the newest is D's previous month
 * when D's day-of-month is after dueDay, else the month before that. A report for any later
 * period (e.g. the running month) covers every cycle before it, since only the newest report
 * period is known.
 *
 * A project owes reports from the month after it was signed (the signing month is partial),
 * or, without a signing date, from the month after it was created (Asia/Shanghai date).
 */

/** The newest period whose report is overdue if absent as of `asOf`. */
export function latestClosedPeriod(asOf: IsoDate, dueDay: number): IsoMonth {
  const day = Number(asOf.slice(8, 10));
  return shiftMonth(monthOf(asOf), day > dueDay ? -1 : -2);
}

/** The date the report of `period` is due by (the last day it may arrive). */
export function reportDueOn(period: IsoMonth, dueDay: number): IsoDate {
  return dayOfMonth(shiftMonth(period, 1), dueDay);
}

/** The first day the report of `period` counts as missing. */
export function reportMissingFrom(period: IsoMonth, dueDay: number): IsoDate {
  return addDays(reportDueOn(period, dueDay), 1);
}

/** The first period a project owes a report for. */
export function firstOwedPeriod(facts: Pick<ProjectFacts, 'signedOn' | 'createdAt'>): IsoMonth {
  return shiftMonth(monthOf(facts.signedOn ?? shanghaiDateOf(facts.createdAt)), 1);
}

export interface MissedCycles {
  /** Closed cycles without a report, counted back from the newest: 0 when up to date. */
  readonly count: number;
  /** The oldest missed period; null when none is missed. */
  readonly firstMissed: IsoMonth | null;
  readonly latestClosed: IsoMonth;
}

/** How many consecutive closed cycles, up to the newest, have no report as of `asOf`. */
export function missedCycles(
  facts: Pick<ProjectFacts, 'signedOn' | 'createdAt' | 'latestReportPeriod'>,
  asOf: IsoDate,
  dueDay: number,
): MissedCycles {
  const latestClosed = latestClosedPeriod(asOf, dueDay);
  const beforeFirstOwed = shiftMonth(firstOwedPeriod(facts), -1);
  const reported = facts.latestReportPeriod;
  const coveredThrough = reported !== null && monthsBetween(beforeFirstOwed, reported) > 0 ? reported : beforeFirstOwed;
  const count = Math.max(0, monthsBetween(coveredThrough, latestClosed));
  return { count, firstMissed: count > 0 ? shiftMonth(coveredThrough, 1) : null, latestClosed };
}
