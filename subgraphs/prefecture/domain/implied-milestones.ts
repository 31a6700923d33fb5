import { Milestone } from '../../../schema/contract/project-enums.js';
import { FORWARD_STAGES, ProjectStage, stageRank } from '../../../schema/contract/project-stage.js';

/**
 * Actual milestone dates a stage implies (docs/domain.md, "Milestones on entry"): a project under
 * construction has started, one producing has started production. A project entered at such a
 * stage without the date is listed as missing it; the hub never makes one up (such as today).
 * TERMINATED implies nothing: it says nothing about how far the project got.
 */
export const IMPLIED_MILESTONES: readonly {
  readonly milestone: Milestone;
  readonly field: 'actualStartOn' | 'actualProductionOn';
  /** The stages that imply it: this one and every later one in the forward order. */
  readonly stages: readonly ProjectStage[];
}[] = [
  { milestone: Milestone.ACTUAL_START, field: 'actualStartOn', stages: from(ProjectStage.UNDER_CONSTRUCTION) },
  {
    milestone: Milestone.ACTUAL_PRODUCTION,
    field: 'actualProductionOn',
    stages: from(ProjectStage.PARTIALLY_PRODUCING),
  },
];

function from(stage: ProjectStage): ProjectStage[] {
  return FORWARD_STAGES.filter((s) => stageRank(s) >= stageRank(stage));
}

export interface MilestoneDates {
  readonly stage?: ProjectStage | null;
  readonly actualStartOn?: string | null;
  readonly actualProductionOn?: string | null;
}

/** The milestones `project`'s stage implies that it has no date for, in lifecycle order. */
export function missingMilestones(project: MilestoneDates): Milestone[] {
  if (!project.stage) return [];
  return IMPLIED_MILESTONES.filter((implied) => implied.stages.includes(project.stage!) && !project[implied.field]).map(
    (implied) => implied.milestone,
  );
}
