/**
 * The project lifecycle (docs/domain.md, "Stages"), in forward order. TERMINATED sits outside the order: it is
 * reachable from any stage and final.
 */
export enum ProjectStage {
  NEGOTIATING = 'NEGOTIATING',
  SIGNED = 'SIGNED',
  PREPARING = 'PREPARING',
  UNDER_CONSTRUCTION = 'UNDER_CONSTRUCTION',
  PARTIALLY_PRODUCING = 'PARTIALLY_PRODUCING',
  OPERATING = 'OPERATING',
  AT_CAPACITY = 'AT_CAPACITY',
  TERMINATED = 'TERMINATED',
}

export const FORWARD_STAGES: readonly ProjectStage[] = [
  ProjectStage.NEGOTIATING,
  ProjectStage.SIGNED,
  ProjectStage.PREPARING,
  ProjectStage.UNDER_CONSTRUCTION,
  ProjectStage.PARTIALLY_PRODUCING,
  ProjectStage.OPERATING,
  ProjectStage.AT_CAPACITY,
];

/**
 * 签约 or beyond, TERMINATED included: what "signed" counts, the denominator of every rate. One
 * definition for the shards' projectStats and the nightly metrics, so their figures agree.
 */
export const SIGNED_STAGES: ReadonlySet<ProjectStage> = new Set([
  ProjectStage.SIGNED,
  ProjectStage.PREPARING,
  ProjectStage.UNDER_CONSTRUCTION,
  ProjectStage.PARTIALLY_PRODUCING,
  ProjectStage.OPERATING,
  ProjectStage.AT_CAPACITY,
  ProjectStage.TERMINATED,
]);

export function isSignedStage(stage: ProjectStage): boolean {
  return SIGNED_STAGES.has(stage);
}

/** Position in the forward order; TERMINATED has none. */
export function stageRank(stage: ProjectStage): number {
  return FORWARD_STAGES.indexOf(stage);
}

/** The field each stage's count has in the contract's `ProjectStageCounts` (a `byStage` answer). */
export const STAGE_COUNT_FIELD = {
  NEGOTIATING: 'negotiating',
  SIGNED: 'signed',
  PREPARING: 'preparing',
  UNDER_CONSTRUCTION: 'underConstruction',
  PARTIALLY_PRODUCING: 'partiallyProducing',
  OPERATING: 'operating',
  AT_CAPACITY: 'atCapacity',
  TERMINATED: 'terminated',
} as const satisfies Record<ProjectStage, string>;

export type StageCountField = (typeof STAGE_COUNT_FIELD)[ProjectStage];

const ALL_STAGES = Object.values(ProjectStage);

/** Per-stage values keyed by their `ProjectStageCounts` field. */
export function byCountField<T>(byStage: Readonly<Record<ProjectStage, T>>): Record<StageCountField, T> {
  // Filled for every stage just below, so every field is present.
  const fields = {} as Record<StageCountField, T>;
  for (const stage of ALL_STAGES) fields[STAGE_COUNT_FIELD[stage]] = byStage[stage];
  return fields;
}

/** Per-stage values read from their `ProjectStageCounts` fields: the inverse of byCountField. */
export function byStageOfCountFields<T>(fields: Readonly<Record<StageCountField, T>>): Record<ProjectStage, T> {
  // Filled for every stage just below, so every stage is present.
  const byStage = {} as Record<ProjectStage, T>;
  for (const stage of ALL_STAGES) byStage[stage] = fields[STAGE_COUNT_FIELD[stage]];
  return byStage;
}
