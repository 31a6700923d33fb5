import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { SigningLevel } from '../../../schema/contract/project-enums.js';
import { addDays, monthOf, shiftMonth } from '../../../lib/calendar.js';
import { instantOn, lastDayOfMonth, maxDate, minDate } from './dates.js';
import type { DemoFundingRow, DemoProgressRow } from './demo-rows.js';
import { narrativeFor, nextStepsFor } from './demo-texts.js';
import { stageOn, type ProjectScene } from './project-scene.js';
import type { Rng } from './prng.js';

/**
 * Monthly reports for the last few months of a share of the active projects. Some stop one or
 * more cycles before the reference month, so the missed-report rules have something to flag.
 */
export function buildProgressReports(
  rng: Rng,
  scene: ProjectScene,
  funding: readonly DemoFundingRow[],
): DemoProgressRow[] {
  const { plan, referenceDate } = scene;
  if (!plan.signedOn || plan.stage === ProjectStage.TERMINATED) return [];
  const odds = plan.signingLevel === SigningLevel.PREFECTURE ? 0.5 : 0.8;
  if (!rng.chance(odds)) return [];
  const lag = rng.weighted([
    [0, 5],
    [1, 3],
    [2, 1],
    [4, 1],
  ] as const);
  const last = shiftMonth(monthOf(referenceDate), -lag);
  const first = shiftMonth(last, -rng.int(0, 5));
  const rows: DemoProgressRow[] = [];
  for (let period = maxMonth(first, monthOf(plan.signedOn)); period <= last; period = shiftMonth(period, 1)) {
    const monthEnd = minDate(lastDayOfMonth(period), referenceDate);
    const stage = stageOn(scene, monthEnd);
    const submittedOn = maxDate(plan.signedOn, minDate(addDays(lastDayOfMonth(period), rng.int(-3, 6)), referenceDate));
    rows.push({
      project: scene.id,
      period,
      stage,
      narrative: narrativeFor(rng, stage),
      fundsThisPeriod: funding.filter((f) => monthOf(f.receivedOn) === period).reduce((sum, f) => sum + f.amount, 0n),
      nextSteps: rng.chance(0.85) ? nextStepsFor(rng, stage) : null,
      submittedBy: scene.officer,
      submittedAt: instantOn(submittedOn, 8, rng.int(0, 59)),
    });
  }
  return rows;
}

const maxMonth = (a: string, b: string) => (a > b ? a : b);
