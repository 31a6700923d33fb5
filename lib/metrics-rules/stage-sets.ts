import { ProjectStage } from '../../schema/contract/project-stage.js';

// Shared with the shards' projectStats, so "signed" means the same in both.
export { SIGNED_STAGES } from '../../schema/contract/project-stage.js';

/**
 * The stage sets the metrics and rules speak of (docs/domain.md, "Metrics"). Sets rather than rank
 * comparisons, because TERMINATED has no rank and must never fall into a range by accident.
 */

/** 履约: preparing through at capacity. */
export const PERFORMING_STAGES: ReadonlySet<ProjectStage> = new Set([
  ProjectStage.PREPARING,
  ProjectStage.UNDER_CONSTRUCTION,
  ProjectStage.PARTIALLY_PRODUCING,
  ProjectStage.OPERATING,
  ProjectStage.AT_CAPACITY,
]);

/** 开工: under construction through at capacity (completed projects count as started). */
export const STARTED_STAGES: ReadonlySet<ProjectStage> = new Set([
  ProjectStage.UNDER_CONSTRUCTION,
  ProjectStage.PARTIALLY_PRODUCING,
  ProjectStage.OPERATING,
  ProjectStage.AT_CAPACITY,
]);

/** 投产: partially producing through at capacity. */
export const PRODUCING_STAGES: ReadonlySet<ProjectStage> = new Set([
  ProjectStage.PARTIALLY_PRODUCING,
  ProjectStage.OPERATING,
  ProjectStage.AT_CAPACITY,
]);

/** Signed, not terminated and not producing yet: the projects that can be "stalled". */
export const ACTIVE_PRE_PRODUCTION_STAGES: ReadonlySet<ProjectStage> = new Set([
  ProjectStage.SIGNED,
  ProjectStage.PREPARING,
  ProjectStage.UNDER_CONSTRUCTION,
]);

/** Signed and not terminated, producing or not. */
export const ACTIVE_STAGES: ReadonlySet<ProjectStage> = new Set([...ACTIVE_PRE_PRODUCTION_STAGES, ...PRODUCING_STAGES]);
