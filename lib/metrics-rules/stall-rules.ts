import type { ProjectStage } from '../../schema/contract/project-stage.js';
import { dayNumber, type IsoDate } from '../calendar.js';
import type { ProjectFacts } from './project-facts.js';
import { ACTIVE_PRE_PRODUCTION_STAGES, ACTIVE_STAGES, STARTED_STAGES } from './stage-sets.js';
import { StallRule, type StallFlag } from './stall-flag.js';
import { lowFunds } from './stall-rule-low-funds.js';
import { missingReport } from './stall-rule-missing-report.js';
import { noStageChange } from './stall-rule-no-stage-change.js';
import { obstacleOpen } from './stall-rule-obstacle-open.js';
import { registrationOverdue } from './stall-rule-registration-overdue.js';
import { startOverdue } from './stall-rule-start-overdue.js';
import { DEFAULT_STALL_THRESHOLDS, type StallThresholds } from './stall-thresholds.js';

/**
 * The stages each rule judges. NEGOTIATING and TERMINATED are never flagged. A stall is about
 * getting to production, so once a project produces only OBSTACLE_OPEN still applies: an
 * unresolved 要素保障 obstacle (an energy quota, a promised policy) needs escalating at any stage.
 * - START_OVERDUE: SIGNED, PREPARING (not started yet).
 * - REGISTRATION_OVERDUE, LOW_FUNDS, MISSING_REPORT, NO_STAGE_CHANGE: SIGNED, PREPARING,
 *   UNDER_CONSTRUCTION (signed, not terminated, not producing yet).
 * - OBSTACLE_OPEN: SIGNED through AT_CAPACITY.
 */
export const STALL_RULE_STAGES: Readonly<Record<StallRule, ReadonlySet<ProjectStage>>> = {
  [StallRule.START_OVERDUE]: new Set([...ACTIVE_PRE_PRODUCTION_STAGES].filter((stage) => !STARTED_STAGES.has(stage))),
  [StallRule.REGISTRATION_OVERDUE]: ACTIVE_PRE_PRODUCTION_STAGES,
  [StallRule.LOW_FUNDS]: ACTIVE_PRE_PRODUCTION_STAGES,
  [StallRule.MISSING_REPORT]: ACTIVE_PRE_PRODUCTION_STAGES,
  [StallRule.OBSTACLE_OPEN]: ACTIVE_STAGES,
  [StallRule.NO_STAGE_CHANGE]: ACTIVE_PRE_PRODUCTION_STAGES,
};

type RuleEvaluator = (facts: ProjectFacts, asOf: IsoDate, thresholds: StallThresholds) => StallFlag[];

// In StallRule order, which is the order of the flags returned.
const RULES: readonly [StallRule, keyof StallThresholds, RuleEvaluator][] = [
  [StallRule.START_OVERDUE, 'startOverdue', (f, d, t) => startOverdue(f, d, t.startOverdue)],
  [
    StallRule.REGISTRATION_OVERDUE,
    'registrationOverdue',
    (f, d, t) => registrationOverdue(f, d, t.registrationOverdue),
  ],
  [StallRule.LOW_FUNDS, 'lowFunds', (f, d, t) => lowFunds(f, d, t.lowFunds)],
  [StallRule.MISSING_REPORT, 'missingReport', (f, d, t) => missingReport(f, d, t.missingReport)],
  [StallRule.OBSTACLE_OPEN, 'obstacleOpen', (f, d, t) => obstacleOpen(f, d, t.obstacleOpen)],
  [StallRule.NO_STAGE_CHANGE, 'noStageChange', (f, d, t) => noStageChange(f, d, t.noStageChange)],
];

/** Thrown when a project's facts cannot be judged (a malformed date); names the project. */
export class StallEvaluationError extends Error {}

/**
 * The stall flags of one project as of a local date ('YYYY-MM-DD', Asia/Shanghai). Pure: the
 * same facts, date and thresholds always give the same flags, in StallRule order (obstacles
 * oldest first). `thresholds` must come from parseStallThresholds; default DEFAULT_STALL_THRESHOLDS.
 */
export function evaluateStallRules(
  facts: ProjectFacts,
  asOf: IsoDate,
  thresholds: StallThresholds = DEFAULT_STALL_THRESHOLDS,
): StallFlag[] {
  dayNumber(asOf);
  const flags: StallFlag[] = [];
  for (const [rule, setting, evaluate] of RULES) {
    if (!thresholds[setting].enabled || !STALL_RULE_STAGES[rule].has(facts.stage)) continue;
    try {
      flags.push(...evaluate(facts, asOf, thresholds));
    } catch (error) {
      throw new StallEvaluationError(`Project ${facts.id}, rule ${rule}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return flags;
}
