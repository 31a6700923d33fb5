import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Directive, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { DEFAULT_PROJECT_ORDER, ProjectOrder } from '../../../../schema/contract/project-order.js';
import type { PrefectureContext } from '../../context.js';
import { Project } from '../../entities/index.js';
import { countyStats, listProjects, projectStats } from '../../services/project-reader.js';
import type { ProjectRow } from '../../services/project-rows.js';
import { assertOwnProjectId } from '../../services/access.js';
import { ProjectFilter } from '../inputs/project-filter.input.js';
import { selectedFieldNames } from '../selected-fields.js';
import { CountyStats } from '../types/county-stats.type.js';
import { ProjectConnection } from '../types/project-connection.type.js';
import { ProjectStats } from '../types/project-stats.type.js';

@Resolver()
export class ProjectQueryResolver {
  @Query(() => Project, { nullable: true, description: 'One project by id; null when it does not exist.' })
  @Directive('@route(key: "id")')
  async project(@Arg('id', () => ID) id: string, @Ctx() ctx: PrefectureContext): Promise<ProjectRow | null> {
    assertOwnProjectId(ctx, id, 'id');
    return ctx.loaders.project.load(id);
  }

  @Query(() => ProjectConnection, { description: 'Projects matching the filter, keyset-paginated in the given order.' })
  @Directive('@route(fanOut: CONNECTION, filter: "filter.prefectures")')
  projects(
    @Ctx() ctx: PrefectureContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size, 1 to 500.' }) first: number = 50,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page.' }) after?: string,
    @Arg('orderBy', () => ProjectOrder, { defaultValue: DEFAULT_PROJECT_ORDER })
    orderBy: ProjectOrder = DEFAULT_PROJECT_ORDER,
  ): Promise<ProjectConnection> {
    // Each node reads only the columns asked for: a 50-row page of every column cost libsql ~4x more.
    return listProjects(ctx, {
      filter,
      first,
      after,
      orderBy,
      nodeFields: selectedFieldNames(info, ['edges', 'node']),
    });
  }

  @Query(() => ProjectStats, { description: 'Counts per stage and money sums of the projects matching the filter.' })
  @Directive('@route(fanOut: SUM, filter: "filter.prefectures")')
  projectStats(
    @Ctx() ctx: PrefectureContext,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter,
  ): Promise<ProjectStats> {
    return projectStats(ctx, filter);
  }

  // Routed by key, not fanned out: a county belongs to one prefecture, so one shard answers whole.
  @Query(() => [CountyStats], {
    description:
      "projectStats of one prefecture's projects matching the filter, county by county: most signed first, then by name; projects without a county last.",
  })
  @Directive('@route(key: "prefecture")')
  countyStats(
    @Ctx() ctx: PrefectureContext,
    @Arg('prefecture', () => String, {
      description: 'Prefecture code (e.g. 530100); the shard of that prefecture answers.',
    })
    prefecture: string,
    @Arg('filter', () => ProjectFilter, { nullable: true }) filter?: ProjectFilter,
  ): Promise<CountyStats[]> {
    return countyStats(ctx, prefecture, filter);
  }
}
