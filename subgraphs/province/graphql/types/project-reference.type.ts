import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * A project as the province knows it: only its id (the gateway fetches everything else from the
 * owning prefecture) and the fields the province computes for it.
 */
@ObjectType('Project')
@Directive('@key(fields: "id")')
export class ProjectReference {
  @Field(() => ID) id!: string;
}
