import { Field, ID, InputType, Int } from 'type-graphql';
import { ProjectChangesInput } from './project-changes.input.js';

/** A partial update: fields left out keep their value. The stage changes through changeProjectStage. */
@InputType()
export class UpdateProjectInput extends ProjectChangesInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version read; a stale one is rejected with VERSION_CONFLICT.' })
  version!: number;
}
