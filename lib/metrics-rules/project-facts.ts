import type { EventKind, SigningLevel } from '../../schema/contract/project-enums.js';
import type { ProjectStage } from '../../schema/contract/project-stage.js';

/** An obstacle (要素保障) that is not resolved yet. */
interface OpenObstacleFact {
  readonly id: string;
  readonly category: string;
  /** 'YYYY-MM-DD' */
  readonly raisedOn: string;
}

/**
 * What the metric and stall computations know of one project: a flat read of the prefecture
 * subgraph, as of the moment it was read. Dates are local dates 'YYYY-MM-DD'; money is fen.
 */
export interface ProjectFacts {
  /** e.g. "530100-2018-0042" */
  readonly id: string;
  readonly prefectureCode: string;
  readonly stage: ProjectStage;
  readonly cohortYear: number;
  readonly signingLevel: SigningLevel;
  readonly eventKind: EventKind;
  readonly industry: string;
  readonly signedOn: string | null;
  /** fen (1/100 yuan), exact */
  readonly agreedInvestment: bigint;
  /** fen */
  readonly fundsInPlace: bigint;
  readonly plannedRegistrationOn: string | null;
  readonly actualRegistrationOn: string | null;
  readonly plannedStartOn: string | null;
  readonly actualStartOn: string | null;
  /** ISO timestamp */
  readonly stageChangedAt: string;
  /** ISO timestamp */
  readonly createdAt: string;
  /** 'YYYY-MM' of the newest monthly progress report */
  readonly latestReportPeriod: string | null;
  readonly openObstacles: readonly OpenObstacleFact[];
}
