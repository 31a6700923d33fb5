import { Field, ID, InputType } from 'type-graphql';
import {
  EscalationLevel,
  ObstacleCategory,
  SupervisionKind,
  SupervisionMethod,
} from '../../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../../schema/contract/project-stage.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';

@InputType()
export class ReportProgressInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String, { description: 'Reporting month, YYYY-MM; one report per month.' }) period!: string;
  @Field(() => ProjectStage, {
    nullable: true,
    description: 'Stage reached; when it differs from the current one the stage changes (lifecycle rules apply).',
  })
  stage?: ProjectStage | null;
  @Field(() => String, { nullable: true, description: 'Required when the reported stage moves back.' })
  stageReason?: string | null;
  @Field(() => String) narrative!: string;
  @Field(() => MoneyScalar, { nullable: true }) fundsThisPeriod?: bigint | null;
  @Field(() => String, { nullable: true }) nextSteps?: string | null;
}

@InputType()
export class RecordFundingInput {
  @Field(() => ID) projectId!: string;
  @Field(() => LocalDateScalar) receivedOn!: string;
  @Field(() => MoneyScalar, { description: 'Positive amount of yuan.' }) amount!: bigint;
  @Field(() => String, { nullable: true }) source?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class RaiseObstacleInput {
  @Field(() => ID) projectId!: string;
  @Field(() => ObstacleCategory) category!: ObstacleCategory;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true }) responsibleDepartment?: string | null;
  @Field(() => LocalDateScalar) raisedOn!: string;
  @Field(() => EscalationLevel, { nullable: true }) escalationLevel?: EscalationLevel | null;
}

@InputType()
export class ResolveObstacleInput {
  @Field(() => ID) projectId!: string;
  @Field(() => ID) obstacleId!: string;
  @Field(() => LocalDateScalar) resolvedOn!: string;
  @Field(() => String) resolution!: string;
}

@InputType()
export class RecordSupervisionInput {
  @Field(() => ID) projectId!: string;
  @Field(() => SupervisionKind) kind!: SupervisionKind;
  @Field(() => SupervisionMethod) method!: SupervisionMethod;
  @Field(() => String) supervisingUnit!: string;
  @Field(() => LocalDateScalar) supervisedOn!: string;
  @Field(() => String) findings!: string;
  @Field(() => String, { nullable: true }) requiredFixes?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) deadline?: string | null;
  @Field(() => String, { nullable: true }) outcome?: string | null;
}
