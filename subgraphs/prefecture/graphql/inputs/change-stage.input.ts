import { Field, ID, InputType, Int } from 'type-graphql';
import { ProjectStage } from '../../../../schema/contract/project-stage.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';

@InputType()
export class ChangeProjectStageInput {
  @Field(() => ID) projectId!: string;
  @Field(() => Int) version!: number;
  @Field(() => ProjectStage) stage!: ProjectStage;
  @Field(() => String, { nullable: true, description: 'Required to move back or to terminate.' })
  reason?: string | null;
  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'When the change happened (default today); fills the matching actual milestone if empty.',
  })
  effectiveOn?: string | null;
}
