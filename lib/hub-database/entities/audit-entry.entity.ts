import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { TimestampType } from '../../db/timestamp.type.js';

/**
 * One write to the hub (registry, metric runs, schedule, thresholds) or one committed ledger import
 * (recorded by the gateway alone): who, when, what. Append-only: the API can read it (admins) but
 * has no way to change or delete it.
 */
@ObjectType({ description: 'One write to the hub: who did what, when.' })
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['at'] })
export class AuditEntry {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => Date)
  @Property({ type: TimestampType })
  at: Date = new Date();

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  actorSubject!: string;

  @Field(() => String, { description: 'viewer, analyst, officer or admin.' })
  @Property({ type: 'string', length: 20 })
  actorRole!: string;

  @Field(() => String, { nullable: true, description: 'For officers: their prefecture.' })
  @Property({ type: 'string', length: 6, nullable: true })
  actorPrefecture?: string | null;

  @Field(() => String, { description: 'e.g. registerPrefectureShard, runMetrics, setMetricsSchedule, ledgerImport.' })
  @Property({ type: 'string', length: 50 })
  action!: string;

  @Field(() => String, { description: 'JSON of what changed.' })
  @Property({ type: 'text' })
  details!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  requestId?: string | null;
}
