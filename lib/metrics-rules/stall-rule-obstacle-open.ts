import { addDays, daysBetween, type IsoDate } from '../calendar.js';
import type { ProjectFacts } from './project-facts.js';
import { StallRule, type StallFlag } from './stall-flag.js';
import { makeFlag, severityOn } from './stall-rule-support.js';
import type { StallThresholds } from './stall-thresholds.js';

/**
 * OBSTACLE_OPEN: one flag PER open obstacle open longer than the thresholds: yellow from raisedOn +
 * yellowAfterDays + 1, red from raisedOn + redAfterDays + 1. Per obstacle, because each obstacle
 * is escalated and resolved on its own (own category, own responsible department): resolving the
 * oldest of two must clear its flag, not silently hand the project's flag to the other one.
 */
export function obstacleOpen(
  facts: ProjectFacts,
  asOf: IsoDate,
  thresholds: StallThresholds['obstacleOpen'],
): StallFlag[] {
  const flags: StallFlag[] = [];
  const obstacles = [...facts.openObstacles].sort((a, b) =>
    a.raisedOn < b.raisedOn ? -1 : a.raisedOn > b.raisedOn ? 1 : a.id < b.id ? -1 : 1,
  );
  for (const obstacle of obstacles) {
    const at = severityOn(
      asOf,
      addDays(obstacle.raisedOn, thresholds.yellowAfterDays + 1),
      addDays(obstacle.raisedOn, thresholds.redAfterDays + 1),
    );
    if (!at) continue;
    const evidence = {
      obstacleId: obstacle.id,
      category: obstacle.category,
      raisedOn: obstacle.raisedOn,
      daysOpen: daysBetween(obstacle.raisedOn, asOf),
    };
    flags.push(makeFlag(facts, StallRule.OBSTACLE_OPEN, at, evidence, obstacle.id));
  }
  return flags;
}
