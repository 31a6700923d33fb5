import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: '作废: marks a project entered by mistake; it leaves every list, count and rate.' })
export class VoidProjectInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String, { description: 'Why the project is voided (kept in its history).' }) reason!: string;
}

@InputType({ description: 'Brings a voided project back into every list, count and rate.' })
export class RestoreProjectInput {
  @Field(() => ID) projectId!: string;
  @Field(() => String, { description: 'Why the project is restored (kept in its history).' }) reason!: string;
}
