import { Field, ID, InputType, Int } from 'type-graphql';
import { EventKind, SigningLevel } from '../../../../schema/contract/project-enums.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';
import { ProjectDetailsInput } from './project-details.input.js';

/** A partial update: fields left out keep their value. The stage changes through changeProjectStage. */
@InputType()
export class UpdateProjectInput extends ProjectDetailsInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one is rejected with VERSION_CONFLICT.' })
  version!: number;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => EventKind, { nullable: true }) eventKind?: EventKind | null;
  @Field(() => LocalDateScalar, { nullable: true }) signedOn?: string | null;
  @Field(() => Int, { nullable: true }) cohortYear?: number | null;
  @Field(() => SigningLevel, { nullable: true }) signingLevel?: SigningLevel | null;
  @Field(() => String, { nullable: true }) industry?: string | null;
  @Field(() => String, { nullable: true }) investorName?: string | null;
  @Field(() => MoneyScalar, { nullable: true }) agreedInvestment?: bigint | null;
}
