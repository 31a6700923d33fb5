import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PrefectureContext } from '../../context.js';
import { projectStats } from '../../services/project-reader.js';
import { ProjectFilter } from '../inputs/project-filter.input.js';
import { Prefecture } from '../types/prefecture.type.js';
import { ProjectStats } from '../types/project-stats.type.js';

@Resolver(() => Prefecture)
export class PrefectureResolver {
  // Nullable on purpose: when this prefecture's shard is unavailable, only this field is null,
  // not the whole list of prefectures around it.
  @FieldResolver(() => ProjectStats, {
    nullable: true,
    description:
      "Counts and sums over this prefecture's projects; null (with an error) while its shard is unavailable.",
  })
  projectStats(
    @Root() prefecture: Prefecture,
    @Ctx() ctx: PrefectureContext,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter,
  ): Promise<ProjectStats> {
    return projectStats(ctx, { ...filter, prefectures: [prefecture.code] });
  }
}
