import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { PrefectureContext } from '../../context.js';
import {
  FundingRecord,
  Obstacle,
  ProgressReport,
  Project,
  ProjectEvent,
  SupervisionRecord,
} from '../../entities/index.js';
import type { ProjectRow } from '../../services/project-rows.js';
import { Milestone } from '../../../../schema/contract/project-enums.js';
import { missingMilestones } from '../../domain/implied-milestones.js';
import { Prefecture } from '../types/prefecture.type.js';

/** A project's related records, each loaded in one batch per request; they need only its id and prefecture. */
@Resolver(() => Project)
export class ProjectFieldsResolver {
  @FieldResolver(() => Prefecture, { description: 'The owning prefecture.' })
  prefecture(@Root() project: ProjectRow): Prefecture {
    return { code: project.prefectureCode };
  }

  @FieldResolver(() => [Milestone], {
    description:
      'Actual milestone dates the stage implies but the project lacks (ACTUAL_START from UNDER_CONSTRUCTION, ACTUAL_PRODUCTION from PARTIALLY_PRODUCING); never filled in by the hub.',
  })
  missingMilestones(@Root() project: ProjectRow): Milestone[] {
    return missingMilestones(project);
  }

  @FieldResolver(() => [ProgressReport], { description: 'Monthly progress reports, oldest first.' })
  progressReports(@Root() project: ProjectRow, @Ctx() ctx: PrefectureContext): Promise<ProgressReport[]> {
    return ctx.loaders.progressReports.load(project.id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Month (YYYY-MM) of the newest progress report; null when none was filed.',
  })
  latestReportPeriod(@Root() project: ProjectRow, @Ctx() ctx: PrefectureContext): Promise<string | null> {
    return ctx.loaders.latestReportPeriod.load(project.id);
  }

  @FieldResolver(() => [FundingRecord], { description: 'Funding records, oldest first; their sum is fundsInPlace.' })
  fundingRecords(@Root() project: ProjectRow, @Ctx() ctx: PrefectureContext): Promise<FundingRecord[]> {
    return ctx.loaders.fundingRecords.load(project.id);
  }

  @FieldResolver(() => [Obstacle], { description: 'Obstacles, oldest first.' })
  async obstacles(
    @Root() project: ProjectRow,
    @Ctx() ctx: PrefectureContext,
    @Arg('openOnly', () => Boolean, { defaultValue: false }) openOnly: boolean,
  ): Promise<Obstacle[]> {
    const all = await ctx.loaders.obstacles.load(project.id);
    return openOnly ? all.filter((o) => !o.resolvedOn) : all;
  }

  @FieldResolver(() => [SupervisionRecord], { description: 'Supervision records, oldest first.' })
  supervisionRecords(@Root() project: ProjectRow, @Ctx() ctx: PrefectureContext): Promise<SupervisionRecord[]> {
    return ctx.loaders.supervisionRecords.load(project.id);
  }

  @FieldResolver(() => [ProjectEvent], { description: 'Every stage change and edit, oldest first.' })
  history(@Root() project: ProjectRow, @Ctx() ctx: PrefectureContext): Promise<ProjectEvent[]> {
    return ctx.loaders.history.load(project.id);
  }
}
