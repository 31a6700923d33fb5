import { Field, ObjectType } from 'type-graphql';
import { ProjectStats } from './project-stats.type.js';

/** One county's share of a prefecture's projectStats (the drill-down's county table). */
@ObjectType()
export class CountyStats {
  @Field(() => String, {
    nullable: true,
    description:
      'The county (县、市、区) as the ledger names it; null for projects whose county is not filled in (未填写县区).',
  })
  county!: string | null;
  @Field(() => ProjectStats, {
    description: "The county's projects matching the filter, counted as projectStats counts them.",
  })
  stats!: ProjectStats;
}
