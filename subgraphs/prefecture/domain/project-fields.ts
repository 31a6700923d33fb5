import { isSignedStage, ProjectStage } from '../../../schema/contract/project-stage.js';

/** Project properties an officer edits directly (the stage, money in place and ids have their own paths). */
export const EDITABLE_PROJECT_FIELDS = [
  'name',
  'ledgerNumber',
  'nationalCode',
  'eventKind',
  'eventName',
  'signedOn',
  'cohortYear',
  'agreementType',
  'signingLevel',
  'signingUnit',
  'county',
  'industry',
  'industryDepartment',
  'leadOfficial',
  'promotionPlan',
  'supportingPolicy',
  'promotionTeam',
  'investorName',
  'investorCreditCode',
  'investorOrigin',
  'agreedInvestment',
  'investmentCompleted',
  'plannedRegistrationOn',
  'actualRegistrationOn',
  'plannedLandSupplyOn',
  'actualLandSupplyOn',
  'plannedStartOn',
  'actualStartOn',
  'plannedProductionOn',
  'actualProductionOn',
  'plannedCapacityOn',
  'actualCapacityOn',
] as const;
export type EditableProjectField = (typeof EDITABLE_PROJECT_FIELDS)[number];

/** Fields every project has; an update may change them but not clear them. */
export const REQUIRED_PROJECT_FIELDS: readonly EditableProjectField[] = [
  'name',
  'eventKind',
  'signingLevel',
  'industry',
  'investorName',
  'agreedInvestment',
  'cohortYear',
];

/** A project at or past signing has a signing date; a negotiating one has none. Null when consistent. */
export function signingDateProblem(stage: ProjectStage, signedOn: string | null | undefined): string | null {
  if (stage === ProjectStage.NEGOTIATING && signedOn) return 'must be empty while the project is negotiating';
  if (stage !== ProjectStage.NEGOTIATING && stage !== ProjectStage.TERMINATED && isSignedStage(stage) && !signedOn) {
    return `is required for a project in stage ${stage}`;
  }
  return null;
}

/** Milestone dates in lifecycle order; a forward move fills the empty ones up to the new stage. */
export const STAGE_MILESTONES: readonly {
  stage: ProjectStage;
  field: 'signedOn' | 'actualStartOn' | 'actualProductionOn' | 'actualCapacityOn';
}[] = [
  { stage: ProjectStage.SIGNED, field: 'signedOn' },
  { stage: ProjectStage.UNDER_CONSTRUCTION, field: 'actualStartOn' },
  { stage: ProjectStage.PARTIALLY_PRODUCING, field: 'actualProductionOn' },
  { stage: ProjectStage.AT_CAPACITY, field: 'actualCapacityOn' },
];
