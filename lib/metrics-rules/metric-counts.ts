import { ProjectStage } from '../../schema/contract/project-stage.js';
import { isLanded, type LandingDefinition } from './landing-definition.js';
import type { ProjectFacts } from './project-facts.js';
import { PERFORMING_STAGES, PRODUCING_STAGES, SIGNED_STAGES, STARTED_STAGES } from './stage-sets.js';

/**
 * The additive facts behind every rate of a set of projects. Two sets' counts merge by adding
 * field by field (addCounts), which is how the province rollup combines prefectures: rates are
 * always derived from summed counts (metric-rates.ts), never averaged.
 */
export interface MetricCounts {
  /** Every project in the set, NEGOTIATING included. */
  readonly projects: number;
  /** 签约 or beyond, TERMINATED included: the denominator of the count rates. */
  readonly signed: number;
  readonly byStage: Readonly<Record<ProjectStage, number>>;
  /** 履约: PREPARING through AT_CAPACITY. */
  readonly performing: number;
  /** 开工: UNDER_CONSTRUCTION through AT_CAPACITY. */
  readonly started: number;
  /** 投产: PARTIALLY_PRODUCING through AT_CAPACITY. */
  readonly producing: number;
  /** 落地 under the landing definition the counts were made with. */
  readonly landed: number;
  /** Agreed investment of the signed projects, fen. */
  readonly agreedInvestment: bigint;
  /** Funds in place of the signed projects, fen. */
  readonly fundsInPlace: bigint;
}

/** MetricCounts that can be added to in place: what accumulators hold between pages. */
export type MutableMetricCounts = { -readonly [Field in keyof MetricCounts]: MetricCounts[Field] } & {
  byStage: Record<ProjectStage, number>;
};

const STAGES = Object.values(ProjectStage);

function stageRecord(value: (stage: ProjectStage) => number): Record<ProjectStage, number> {
  const record = {} as Record<ProjectStage, number>;
  for (const stage of STAGES) record[stage] = value(stage);
  return record;
}

/** The counts of no projects: the identity of addCounts. */
export function emptyCounts(): MutableMetricCounts {
  return {
    projects: 0,
    signed: 0,
    byStage: stageRecord(() => 0),
    performing: 0,
    started: 0,
    producing: 0,
    landed: 0,
    agreedInvestment: 0n,
    fundsInPlace: 0n,
  };
}

/** The counts of two disjoint sets together (commutative and associative). */
export function addCounts(a: MetricCounts, b: MetricCounts): MetricCounts {
  return {
    projects: a.projects + b.projects,
    signed: a.signed + b.signed,
    byStage: stageRecord((stage) => a.byStage[stage] + b.byStage[stage]),
    performing: a.performing + b.performing,
    started: a.started + b.started,
    producing: a.producing + b.producing,
    landed: a.landed + b.landed,
    agreedInvestment: a.agreedInvestment + b.agreedInvestment,
    fundsInPlace: a.fundsInPlace + b.fundsInPlace,
  };
}

/**
 * Adds one project to `target` in place: the single place that decides which numerators a
 * project is in. Accumulators use it to avoid allocating per project; everything else should use
 * the pure countProject.
 */
export function tallyProject(target: MutableMetricCounts, facts: ProjectFacts, landing: LandingDefinition): void {
  const signed = SIGNED_STAGES.has(facts.stage);
  target.projects += 1;
  target.byStage[facts.stage] += 1;
  if (signed) {
    target.signed += 1;
    // 资金到位率 is money-weighted over the signed set: a negotiating project's figures are not
    // commitments yet.
    target.agreedInvestment += facts.agreedInvestment;
    target.fundsInPlace += facts.fundsInPlace;
  }
  if (PERFORMING_STAGES.has(facts.stage)) target.performing += 1;
  if (STARTED_STAGES.has(facts.stage)) target.started += 1;
  if (PRODUCING_STAGES.has(facts.stage)) target.producing += 1;
  if (isLanded(facts, landing)) target.landed += 1;
}

/** The counts of one project alone. */
export function projectCounts(facts: ProjectFacts, landing: LandingDefinition): MetricCounts {
  const counts = emptyCounts();
  tallyProject(counts, facts, landing);
  return counts;
}

/** `counts` with one more project (a new object; `counts` is left as it was). */
export function countProject(counts: MetricCounts, facts: ProjectFacts, landing: LandingDefinition): MetricCounts {
  const next: MutableMetricCounts = { ...counts, byStage: { ...counts.byStage } };
  tallyProject(next, facts, landing);
  return next;
}
