import { formatFen } from '../../schema/contract/money.js';
import { addMonths, type IsoDate } from '../calendar.js';
import { rate } from './metric-rates.js';
import type { ProjectFacts } from './project-facts.js';
import { StallRule, type StallFlag } from './stall-flag.js';
import { makeFlag, severityOn } from './stall-rule-support.js';
import type { StallThresholds } from './stall-thresholds.js';

/**
 * LOW_FUNDS: from signedOn + afterMonths (month ends clamped) on, funds in place below minPercent
 * of the agreed investment. Yellow only. Projects without a signing date or with no agreed
 * investment (0) are not judged. Funds only grow, so `since` is the day checking began.
 * The comparison is exact in fen: funds × 10000 < agreed × minPercent × 100.
 */
export function lowFunds(facts: ProjectFacts, asOf: IsoDate, thresholds: StallThresholds['lowFunds']): StallFlag[] {
  const { signedOn, agreedInvestment, fundsInPlace } = facts;
  if (signedOn === null || agreedInvestment <= 0n) return [];
  const basisPoints = BigInt(Math.round(thresholds.minPercent * 100));
  if (fundsInPlace * 10_000n >= agreedInvestment * basisPoints) return [];
  const at = severityOn(asOf, addMonths(signedOn, thresholds.afterMonths));
  if (!at) return [];
  return [
    makeFlag(facts, StallRule.LOW_FUNDS, at, {
      signedOn,
      agreedInvestment: formatFen(agreedInvestment),
      fundsInPlace: formatFen(fundsInPlace),
      fundsPercent: rate(fundsInPlace, agreedInvestment).percent ?? 0,
      minPercent: thresholds.minPercent,
    }),
  ];
}
