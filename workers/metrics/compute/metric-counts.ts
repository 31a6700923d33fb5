import { ProjectStage } from '../../../schema/contract/project-stage.js';
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

const STAGES = Object.values(ProjectStage);

function stageRecord(value: (stage: ProjectStage) => number): Record<ProjectStage, number> {
  return Object.fromEntries(STAGES.map((stage) => [stage, value(stage)])) as Record<ProjectStage, number>;
}

/** The counts of no projects: the identity of addCounts. */
export function emptyCounts(): MetricCounts {
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

/** The counts of one project alone. */
export function projectCounts(facts: ProjectFacts, landing: LandingDefinition): MetricCounts {
  const signed = SIGNED_STAGES.has(facts.stage);
  const one = (member: boolean) => (member ? 1 : 0);
  return {
    projects: 1,
    signed: one(signed),
    byStage: stageRecord((stage) => one(stage === facts.stage)),
    performing: one(PERFORMING_STAGES.has(facts.stage)),
    started: one(STARTED_STAGES.has(facts.stage)),
    producing: one(PRODUCING_STAGES.has(facts.stage)),
    landed: one(isLanded(facts, landing)),
    // 资金到位率 is money-weighted over the signed set: a negotiating project's figures are not
    // commitments yet.
    agreedInvestment: signed ? facts.agreedInvestment : 0n,
    fundsInPlace: signed ? facts.fundsInPlace : 0n,
  };
}

/** `counts` with one more project. */
export function countProject(counts: MetricCounts, facts: ProjectFacts, landing: LandingDefinition): MetricCounts {
  return addCounts(counts, projectCounts(facts, landing));
}
