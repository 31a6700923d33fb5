import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { HUB_TIME_ZONE } from '../../../../lib/calendar.js';
import type { ProvinceContext } from '../../context.js';
import { MetricRun, MetricRunPrefecture } from '../../../../lib/hub-database/entities/index.js';
import {
  changeSchedule,
  queueRun,
  recordRunRequest,
  scheduleView,
  setMinimumScheduleInterval,
  setSchedulePaused,
} from '../../services/metrics-control.js';
import { setLandingDefinition, stallRulesView, updateStallThresholds } from '../../services/stall-rules-control.js';
import { provinceWrite, type ProvinceAnswer } from '../../services/province-write.js';
import { MetricsScheduleView, StallRulesView } from '../types/metrics-schedule.type.js';

/** A retry answers the stall rules as the first attempt did. */
const STALL_RULES_ANSWER: ProvinceAnswer<StallRulesView> = {
  save: (view) => view,
  // `saved` is the StallRulesView the first attempt answered, as JSON (strings only).
  replay: (_ctx, saved) => Promise.resolve(saved as StallRulesView),
};
/** A retry answers the run the first attempt recorded, as it stands now. */
const RUN_ANSWER: ProvinceAnswer<MetricRun> = {
  save: (run) => run.id,
  replay: (ctx, id) => ctx.em.findOneOrFail(MetricRun, { id: String(id) }),
};
/** A retry answers the schedule as it stands (its next run time moves on). */
const SCHEDULE_ANSWER: ProvinceAnswer<MetricsScheduleView> = { save: () => null, replay: (ctx) => scheduleView(ctx) };

/** Analysts run, schedule and tune the metric jobs; everyone may watch. */
@Resolver(() => MetricRun)
export class MetricRunsResolver {
  @Query(() => [MetricRun], { description: 'The newest runs first.' })
  metricRuns(
    @Ctx() ctx: ProvinceContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
  ): Promise<MetricRun[]> {
    return ctx.em.find(MetricRun, {}, { orderBy: { queuedAt: 'desc' }, limit: Math.min(Math.max(first, 1), 200) });
  }

  @Query(() => MetricRun, { nullable: true })
  metricRun(@Arg('id', () => ID) id: string, @Ctx() ctx: ProvinceContext): Promise<MetricRun | null> {
    return ctx.em.findOne(MetricRun, { id });
  }

  @FieldResolver(() => [MetricRunPrefecture], { description: 'Progress of each prefecture’s job.' })
  progress(@Root() run: MetricRun, @Ctx() ctx: ProvinceContext): Promise<MetricRunPrefecture[]> {
    return ctx.em.find(MetricRunPrefecture, { runId: run.id }, { orderBy: { prefectureCode: 'asc' } });
  }

  @Authorized('analyst', 'admin')
  @Mutation(() => MetricRun, {
    description: 'Runs the metrics now, for a date (default today) and all or some prefectures.',
  })
  async runMetrics(
    @Ctx() ctx: ProvinceContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf?: string,
    @Arg('prefectures', () => [String], { nullable: true }) prefectures?: string[],
  ): Promise<MetricRun> {
    const args = { asOf: asOf ?? null, prefectures: prefectures ?? null };
    const run = await provinceWrite(ctx, info, args, RUN_ANSWER, (tx) => recordRunRequest(tx, asOf, prefectures));
    return queueRun(ctx, run);
  }

  @Query(() => MetricsScheduleView)
  metricsSchedule(@Ctx() ctx: ProvinceContext): Promise<MetricsScheduleView> {
    return scheduleView(ctx);
  }

  @Authorized('analyst', 'admin')
  @Mutation(() => MetricsScheduleView, {
    description:
      'Changes when the nightly run fires (cron pattern in a time zone); runs must stay minimumIntervalMinutes apart.',
  })
  setMetricsSchedule(
    @Ctx() ctx: ProvinceContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('pattern', () => String) pattern: string,
    @Arg('timezone', () => String, { defaultValue: HUB_TIME_ZONE }) timezone: string,
  ): Promise<MetricsScheduleView> {
    const change = (tx: ProvinceContext) => changeSchedule(tx, pattern, timezone);
    return provinceWrite(ctx, info, { pattern, timezone }, SCHEDULE_ANSWER, change);
  }

  @Authorized('admin')
  @Mutation(() => MetricsScheduleView, {
    description: 'Sets the shortest time allowed between two scheduled runs (minutes, 1 to 10080); default 60.',
  })
  setMinimumScheduleInterval(
    @Ctx() ctx: ProvinceContext,
    @Arg('minutes', () => Int) minutes: number,
  ): Promise<MetricsScheduleView> {
    return setMinimumScheduleInterval(ctx, minutes);
  }

  @Authorized('analyst', 'admin')
  @Mutation(() => MetricsScheduleView)
  pauseMetricsSchedule(@Ctx() ctx: ProvinceContext, @Info() info: GraphQLResolveInfo): Promise<MetricsScheduleView> {
    return provinceWrite(ctx, info, {}, SCHEDULE_ANSWER, (tx) => setSchedulePaused(tx, true));
  }

  @Authorized('analyst', 'admin')
  @Mutation(() => MetricsScheduleView)
  resumeMetricsSchedule(@Ctx() ctx: ProvinceContext, @Info() info: GraphQLResolveInfo): Promise<MetricsScheduleView> {
    return provinceWrite(ctx, info, {}, SCHEDULE_ANSWER, (tx) => setSchedulePaused(tx, false));
  }

  @Query(() => StallRulesView)
  stallRules(@Ctx() ctx: ProvinceContext): Promise<StallRulesView> {
    return stallRulesView(ctx);
  }

  @Authorized('analyst', 'admin')
  @Mutation(() => StallRulesView, {
    description:
      'Changes stall thresholds: a JSON object laid over the ones in force, e.g. {"startOverdue":{"redAfterMonths":4}}.',
  })
  updateStallThresholds(
    @Ctx() ctx: ProvinceContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('thresholds', () => String) thresholds: string,
  ): Promise<StallRulesView> {
    return provinceWrite(ctx, info, { thresholds }, STALL_RULES_ANSWER, (tx) => updateStallThresholds(tx, thresholds));
  }

  @Authorized('analyst', 'admin')
  @Mutation(() => StallRulesView, {
    description: 'Sets what counts as 落地: REGISTERED_COMPANY (default), STARTED or FUNDS_ARRIVED.',
  })
  setLandingDefinition(
    @Ctx() ctx: ProvinceContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('definition', () => String) definition: string,
  ): Promise<StallRulesView> {
    return provinceWrite(ctx, info, { definition }, STALL_RULES_ANSWER, (tx) => setLandingDefinition(tx, definition));
  }
}
