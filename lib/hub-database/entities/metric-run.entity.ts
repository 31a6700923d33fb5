import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { RunState } from '../../jobs/metrics-jobs.js';
import { TimestampType } from '../../db/timestamp.type.js';
import { JsonListType } from '../../db/json-list.type.js';
import { LocalDateScalar } from '../../graphql/scalars/local-date.scalar.js';

/** One run of the metrics flow (nightly or requested by an analyst). */
@ObjectType({ description: 'One run of the metric jobs: state, timing and which prefectures are missing.' })
@Entity({ tableName: 'metric_run' })
@Index({ properties: ['queuedAt'] })
export class MetricRun {
  @Field(() => ID)
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  @Field(() => LocalDateScalar, { description: 'The date the metrics describe.' })
  @Property({ type: 'date' })
  asOf!: string;

  @Field(() => String, { description: 'SCHEDULE or MANUAL.' })
  @Property({ type: 'string', length: 10 })
  trigger!: 'SCHEDULE' | 'MANUAL';

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  requestedBy!: string;

  @Field(() => String, { description: 'QUEUED, RUNNING, COMPLETED, PARTIAL (some prefectures missing) or FAILED.' })
  @Property({ type: 'string', length: 10 })
  state: RunState = 'QUEUED';

  @Field(() => [String], { description: 'Prefecture codes this run covers.' })
  @Property({ type: JsonListType })
  prefectures: string[] = [];

  @Field(() => [String], { description: 'Prefectures whose metrics could not be computed (after retries).' })
  @Property({ type: JsonListType })
  missingPrefectures: string[] = [];

  @Field(() => Int, { description: 'Stall flags raised that the previous run did not have.' })
  @Property({ type: 'integer' })
  newFlags = 0;

  @Field(() => Int, { description: 'Stall flags of the previous run that no longer hold.' })
  @Property({ type: 'integer' })
  clearedFlags = 0;

  @Field(() => Date)
  @Property({ type: TimestampType })
  queuedAt: Date = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: TimestampType, nullable: true })
  startedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: TimestampType, nullable: true })
  finishedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  error?: string | null;
}
