import { Field, InputType, Int } from 'type-graphql';
import { EventKind, SigningLevel } from '../../../../schema/contract/project-enums.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';
import { ProjectDetailsInput } from './project-details.input.js';

/**
 * Every field a project's record holds (identity, signing, investor, money, details), each
 * optional: what an update or a ledger row may set. A field left out is left as it is.
 */
@InputType()
export class ProjectChangesInput extends ProjectDetailsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => EventKind, { nullable: true }) eventKind?: EventKind | null;
  @Field(() => LocalDateScalar, { nullable: true }) signedOn?: string | null;
  @Field(() => Int, { nullable: true }) cohortYear?: number | null;
  @Field(() => SigningLevel, { nullable: true }) signingLevel?: SigningLevel | null;
  @Field(() => String, { nullable: true }) industry?: string | null;
  @Field(() => String, { nullable: true }) investorName?: string | null;
  @Field(() => MoneyScalar, { nullable: true }) agreedInvestment?: bigint | null;
}
