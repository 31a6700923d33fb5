import { Field, Int, ObjectType } from 'type-graphql';
import { Project } from '../../entities/index.js';
import type { ProjectRow } from '../../services/project-rows.js';

@ObjectType()
export class ProjectEdge {
  @Field(() => String, {
    description: 'Opaque to clients. Format (contract): base64url of JSON [order, sortValue, id].',
  })
  cursor!: string;

  @Field(() => Project)
  node!: ProjectRow;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'True when the page was asked for after a cursor.' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor?: string | null;
  @Field(() => String, { nullable: true }) endCursor?: string | null;
}

@ObjectType({ description: 'A keyset-paginated page of projects.' })
export class ProjectConnection {
  @Field(() => [ProjectEdge]) edges!: ProjectEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Projects matching the filter, on every page together.' }) totalCount!: number;
}
