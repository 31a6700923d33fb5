import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { ProjectReference } from './project-reference.type.js';

@ObjectType({ description: 'A stalled-project flag: which rule holds, how badly, since when, and why.' })
export class StallFlag {
  @Field(() => ID) id!: string;
  @Field(() => LocalDateScalar, { description: 'The nightly run date the flag belongs to.' }) asOf!: string;
  @Field(() => String) projectId!: string;
  // Nullable: when the project's prefecture is unavailable only this field is null, not the page.
  @Field(() => ProjectReference, {
    nullable: true,
    description: 'The project, resolved by the gateway from its prefecture; null while that prefecture is unavailable.',
  })
  project!: ProjectReference;
  @Field(() => String) prefectureCode!: string;
  @Field(() => String, {
    description: 'START_OVERDUE, REGISTRATION_OVERDUE, LOW_FUNDS, MISSING_REPORT, OBSTACLE_OPEN or NO_STAGE_CHANGE.',
  })
  rule!: string;
  @Field(() => String, { description: 'YELLOW or RED.' }) severity!: string;
  @Field(() => LocalDateScalar, { description: 'First day of the current severity.' }) since!: string;
  @Field(() => String, { description: 'JSON object of the dates and amounts behind the flag.' }) evidence!: string;
  @Field(() => Boolean, { description: 'The previous run of this prefecture did not have it (at this severity).' })
  isNew!: boolean;
}

@ObjectType()
export class StallFlagPage {
  @Field(() => [StallFlag]) items!: StallFlag[];
  @Field(() => Int, { description: 'Flags matching the filter on that date.' }) totalCount!: number;
  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on the last.' })
  endCursor!: string | null;
}

@ObjectType({ description: 'A flag that appeared or cleared since the previous run.' })
export class StallChange {
  @Field(() => String) projectId!: string;
  @Field(() => ProjectReference, { nullable: true }) project!: ProjectReference;
  @Field(() => String) prefectureCode!: string;
  @Field(() => String) rule!: string;
  @Field(() => String, { description: 'NEW or CLEARED.' }) change!: string;
  @Field(() => String) severity!: string;
}
