import { addDays, daysBetween, shanghaiDateOf, type IsoDate } from '../calendar.js';
import type { ProjectFacts } from './project-facts.js';
import { StallRule, type StallFlag } from './stall-flag.js';
import { makeFlag, severityOn } from './stall-rule-support.js';
import type { StallThresholds } from './stall-thresholds.js';

/**
 * NO_STAGE_CHANGE: the last stage change (its Asia/Shanghai date) is at least afterDays before the
 * as-of date. Yellow only, from that date + afterDays.
 */
export function noStageChange(
  facts: ProjectFacts,
  asOf: IsoDate,
  thresholds: StallThresholds['noStageChange'],
): StallFlag[] {
  const changedOn = shanghaiDateOf(facts.stageChangedAt);
  const at = severityOn(asOf, addDays(changedOn, thresholds.afterDays));
  if (!at) return [];
  return [
    makeFlag(facts, StallRule.NO_STAGE_CHANGE, at, {
      stageChangedOn: changedOn,
      stage: facts.stage,
      daysSinceStageChange: daysBetween(changedOn, asOf),
    }),
  ];
}
