import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import type { PrefectureRunState } from '../../jobs/metrics-jobs.js';
import { TimestampType } from '../../db/timestamp.type.js';

/** Progress of one prefecture's job within a run. */
@ObjectType('PrefectureRunProgress')
@Entity({ tableName: 'metric_run_prefecture' })
@Unique({ properties: ['runId', 'prefectureCode'] })
export class MetricRunPrefecture {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'string', length: 64 })
  runId!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 6 })
  prefectureCode!: string;

  @Field(() => String, { description: 'QUEUED, RUNNING, DONE or FAILED.' })
  @Property({ type: 'string', length: 10 })
  state: PrefectureRunState = 'QUEUED';

  @Field(() => Int, { description: 'Projects read so far.' })
  @Property({ type: 'integer' })
  projectsRead = 0;

  @Field(() => Int)
  @Property({ type: 'integer' })
  attempts = 0;

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
