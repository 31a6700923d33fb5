import { ProjectStage } from '../../../schema/contract/project-stage.js';
import type { PrefectureInfo } from '../../../schema/prefectures.js';
import type { Milestones } from './build-milestones.js';
import type { DemoCounty, DemoPlace } from './demo-places.js';
import type { ProjectPlan } from './project-plan.js';

/** A project being generated: what its follow-up records (funds, reports, obstacles…) draw on. */
export interface ProjectScene {
  readonly id: string;
  readonly plan: ProjectPlan;
  readonly milestones: Milestones;
  readonly referenceDate: string;
  readonly prefecture: PrefectureInfo;
  readonly place: DemoPlace;
  readonly county: DemoCounty;
  /** The officer who keeps the project's records. */
  readonly officer: string;
  /** The investor is registered outside the mainland (no credit code, money from abroad). */
  readonly investorFromAbroad: boolean;
}

/** Last day on which the project still took records: the reference date, or its termination. */
export function activeUntil(scene: ProjectScene): string {
  return scene.plan.stage === ProjectStage.TERMINATED ? scene.milestones.stageChangedOn : scene.referenceDate;
}

/** The stage the project was in on a given day, read back from its milestones. */
export function stageOn(scene: ProjectScene, day: string): ProjectStage {
  const { plan, milestones: m } = scene;
  if (plan.stage === ProjectStage.NEGOTIATING || day >= m.stageChangedOn) return plan.stage;
  if (m.actualCapacityOn && m.actualCapacityOn <= day) return ProjectStage.AT_CAPACITY;
  if (m.actualProductionOn && m.actualProductionOn <= day) return ProjectStage.PARTIALLY_PRODUCING;
  if (m.actualStartOn && m.actualStartOn <= day) return ProjectStage.UNDER_CONSTRUCTION;
  if (m.actualRegistrationOn && m.actualRegistrationOn <= day) return ProjectStage.PREPARING;
  return ProjectStage.SIGNED;
}
