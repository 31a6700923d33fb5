import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { PROVINCE } from '../../../../schema/prefectures.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import type { ProvinceContext } from '../../context.js';
import { RegisteredPrefecture } from '../../../../lib/hub-database/entities/index.js';
import { readBreakdown, readMetrics, readTrend } from '../../services/metrics-reader.js';
import { resultsVersion } from '../../services/results-version.js';
import { CohortInput } from '../inputs/metrics.input.js';
import { Metrics } from '../types/metrics.type.js';

@Resolver(() => RegisteredPrefecture)
export class MetricsResolver {
  @Query(() => Metrics, {
    nullable: true,
    description:
      'Metrics of the province (or one prefecture) on a date (default: the newest run), over all projects, a cohort or an industry.',
  })
  metrics(
    @Ctx() ctx: ProvinceContext,
    @Arg('prefecture', () => String, { nullable: true, description: 'Default: the whole province.' })
    prefecture?: string,
    @Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf?: string,
    @Arg('cohort', () => CohortInput, { nullable: true }) cohort?: CohortInput,
    @Arg('industry', () => String, { nullable: true }) industry?: string,
  ): Promise<Metrics | null> {
    return readMetrics(ctx.em, { prefectureCode: prefecture ?? PROVINCE.code, cohort, industry }, asOf);
  }

  @Query(() => [Metrics], {
    description: 'One figure per month (the month’s last run) between two dates, oldest first.',
  })
  metricsTrend(
    @Ctx() ctx: ProvinceContext,
    @Arg('from', () => LocalDateScalar) from: string,
    @Arg('to', () => LocalDateScalar) to: string,
    @Arg('prefecture', () => String, { nullable: true }) prefecture?: string,
    @Arg('cohort', () => CohortInput, { nullable: true }) cohort?: CohortInput,
    @Arg('industry', () => String, { nullable: true }) industry?: string,
  ): Promise<Metrics[]> {
    return readTrend(ctx.em, { prefectureCode: prefecture ?? PROVINCE.code, cohort, industry }, from, to);
  }

  @Query(() => [Metrics], { description: 'Every cohort (or industry) of a date, each with its own figures.' })
  metricsBreakdown(
    @Ctx() ctx: ProvinceContext,
    @Arg('by', () => String, { description: 'COHORT or INDUSTRY.' }) by: string,
    @Arg('prefecture', () => String, { nullable: true }) prefecture?: string,
    @Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf?: string,
  ): Promise<Metrics[]> {
    return readBreakdown(ctx.em, prefecture ?? PROVINCE.code, by === 'INDUSTRY' ? 'INDUSTRY' : 'COHORT', asOf);
  }

  @Query(() => String, {
    description:
      'An opaque token that changes whenever metric results are written (a run or a prefecture job finishes). ' +
      'The gateway polls it to know when cached answers that read results are out of date.',
  })
  resultsVersion(@Ctx() ctx: ProvinceContext): Promise<string> {
    return resultsVersion(ctx.em);
  }

  @FieldResolver(() => Metrics, {
    name: 'metrics',
    nullable: true,
    description: "This prefecture's metrics (default: the newest run).",
  })
  prefectureMetrics(
    @Root() prefecture: RegisteredPrefecture,
    @Ctx() ctx: ProvinceContext,
    @Arg('asOf', () => LocalDateScalar, { nullable: true }) asOf?: string,
    @Arg('cohort', () => CohortInput, { nullable: true }) cohort?: CohortInput,
    @Arg('industry', () => String, { nullable: true }) industry?: string,
  ): Promise<Metrics | null> {
    return readMetrics(ctx.em, { prefectureCode: prefecture.code, cohort, industry }, asOf);
  }
}
