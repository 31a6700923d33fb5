import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../../../lib/errors.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import type { ProvinceContext } from '../../context.js';
import { readProjectStall, readStallChanges, readStalledProjects } from '../../services/stall-reader.js';
import { StallFilterInput } from '../inputs/metrics.input.js';
import { ProjectReference } from '../types/project-reference.type.js';
import { StallChange, StallFlag, StallFlagPage } from '../types/stall-flag.type.js';

@Resolver(() => ProjectReference)
export class StallResolver {
  @Query(() => StallFlagPage, {
    description: 'Stalled-project flags of a date (default: the newest run), red first; each item carries its Project.',
  })
  stalledProjects(
    @Ctx() ctx: ProvinceContext,
    @Arg('filter', () => StallFilterInput, { nullable: true }) filter?: StallFilterInput,
    @Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf?: string,
    @Arg('first', () => Int, { defaultValue: 50, description: '1 to 500.' }) first: number = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<StallFlagPage> {
    if (first < 1 || first > 500) throw badInput('first', 'must be between 1 and 500');
    return readStalledProjects(ctx.em, filter ?? {}, asOf, first, after);
  }

  @Query(() => [StallChange], {
    description:
      'Flags that appeared or cleared on a date (default: the newest run) since each prefecture’s previous run.',
  })
  stallChanges(
    @Ctx() ctx: ProvinceContext,
    @Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf?: string,
    @Arg('prefectures', () => [String], { nullable: true }) prefectures?: string[],
  ): Promise<StallChange[]> {
    return readStallChanges(ctx.em, asOf, prefectures);
  }

  @FieldResolver(() => [StallFlag], {
    description: 'The stall flags of this project from the newest run of its prefecture.',
  })
  stall(@Root() project: ProjectReference, @Ctx() ctx: ProvinceContext): Promise<StallFlag[]> {
    return readProjectStall(ctx.em, project.id);
  }
}
