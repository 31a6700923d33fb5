import { SigningLevel, SupervisionKind, SupervisionMethod } from '../../../schema/contract/project-enums.js';
import { addDays } from '../../../lib/calendar.js';
import type { DemoSupervisionRow } from './demo-rows.js';
import { findingsFor, REQUIRED_FIXES, SUPERVISION_OUTCOMES } from './demo-texts.js';
import { activeUntil, stageOn, type ProjectScene } from './project-scene.js';
import { dayBetween } from './project-plan.js';
import type { Rng } from './prng.js';

/**
 * Supervision visits (日常 / 定期 / 专项督导): provincial-list projects are supervised by the
 * province's promotion office more often; others by the prefecture.
 */
export function buildSupervisionRecords(rng: Rng, scene: ProjectScene): DemoSupervisionRow[] {
  const { plan, prefecture, referenceDate } = scene;
  if (!plan.signedOn) return [];
  const provincial = plan.signingLevel !== SigningLevel.PREFECTURE;
  if (!rng.chance(provincial ? 0.45 : 0.15)) return [];
  const units = provincial
    ? ['省招商委办公室', '云南省投资促进局']
    : [`${prefecture.nameZh}人民政府督查室`, `${prefecture.nameZh}投资促进局`];
  const until = activeUntil(scene);
  const rows: DemoSupervisionRow[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) {
    const supervisedOn = dayBetween(rng, plan.signedOn, until);
    const needsFixes = rng.chance(0.6);
    const deadline = needsFixes ? addDays(supervisedOn, rng.int(15, 90)) : null;
    rows.push({
      project: scene.id,
      kind: rng.weighted([
        [SupervisionKind.ROUTINE, 5],
        [SupervisionKind.PERIODIC, 3],
        [SupervisionKind.SPECIAL, 2],
      ] as const),
      method: rng.pick([SupervisionMethod.MEETING, SupervisionMethod.WRITTEN_ORDER, SupervisionMethod.SITE_VISIT]),
      supervisingUnit: rng.pick(units),
      supervisedOn,
      findings: findingsFor(rng, stageOn(scene, supervisedOn)),
      requiredFixes: needsFixes ? rng.pick(REQUIRED_FIXES) : null,
      deadline,
      // An outcome exists only once the deadline has passed.
      outcome: !deadline
        ? '无需整改，继续跟踪服务。'
        : deadline <= referenceDate
          ? rng.pick(SUPERVISION_OUTCOMES)
          : null,
    });
  }
  return rows;
}
