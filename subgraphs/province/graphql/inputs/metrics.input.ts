import { Field, InputType, Int } from 'type-graphql';
import { SigningLevel, EventKind } from '../../../../schema/contract/project-enums.js';

@InputType({ description: 'A cohort: signing year × signing level × event kind; parts left out are summed over.' })
export class CohortInput {
  @Field(() => Int, { nullable: true }) year?: number | null;
  @Field(() => SigningLevel, { nullable: true }) signingLevel?: SigningLevel | null;
  @Field(() => EventKind, { nullable: true }) eventKind?: EventKind | null;
}

@InputType()
export class StallFilterInput {
  @Field(() => [String], { nullable: true }) prefectures?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'Rule names, e.g. START_OVERDUE.' }) rules?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'YELLOW and/or RED.' }) severities?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Only flags the previous run did not have.' }) newOnly?:
    boolean | null;
  @Field(() => CohortInput, {
    nullable: true,
    description: 'Only flags of projects in this cohort (as the run read them); parts left out match any.',
  })
  cohort?: CohortInput | null;
  @Field(() => [String], { nullable: true, description: 'Only flags of projects in these industries.' })
  industries?: string[] | null;
}
