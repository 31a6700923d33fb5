import { Field, ID, InputType, Int } from 'type-graphql';
import { EventKind, SigningLevel } from '../../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../../schema/contract/project-stage.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';
import { ProjectDetailsInput } from './project-details.input.js';

@InputType()
export class CreateProjectInput extends ProjectDetailsInput {
  @Field(() => String, { description: 'Must be the prefecture this subgraph serves.' })
  prefectureCode!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Optional id for imports (<code>-<year>-<seq>); generated from the signing year otherwise.',
  })
  id?: string | null;

  @Field(() => String) name!: string;
  @Field(() => ProjectStage, {
    nullable: true,
    description: 'Initial stage; SIGNED when signedOn is given, else NEGOTIATING.',
  })
  stage?: ProjectStage | null;
  @Field(() => EventKind) eventKind!: EventKind;
  @Field(() => LocalDateScalar, { nullable: true }) signedOn?: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Defaults to the signing year, or the current year while negotiating.',
  })
  cohortYear?: number | null;
  @Field(() => SigningLevel) signingLevel!: SigningLevel;
  @Field(() => String) industry!: string;
  @Field(() => String) investorName!: string;
  @Field(() => MoneyScalar) agreedInvestment!: bigint;
}
