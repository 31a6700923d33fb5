import { Directive, Field, ObjectType } from 'type-graphql';

/** The prefecture this subgraph serves; the province subgraph contributes its names and status. */
@ObjectType()
@Directive('@key(fields: "code")')
export class Prefecture {
  @Field(() => String, { description: 'GB/T 2260 code, e.g. 530100.' })
  code!: string;
}
