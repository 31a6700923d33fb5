import { BigIntType, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * Additive counts of one set of projects on one date: a prefecture's or the province's, over all
 * projects, one cohort (signing year × level × event) or one industry. Rates are computed from
 * these when served, never stored, so no rate is ever averaged.
 */
@Entity({ tableName: 'metric_snapshot' })
@Unique({ properties: ['asOf', 'prefectureCode', 'dimensionKey'] })
@Index({ properties: ['prefectureCode', 'dimensionKey', 'asOf'] })
export class MetricSnapshot {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'date' })
  asOf!: string;

  @Property({ type: 'string', length: 64 })
  runId!: string;

  /** A prefecture code, or the province's 530000 for the rollup. */
  @Property({ type: 'string', length: 6 })
  prefectureCode!: string;

  /** ALL, COHORT or INDUSTRY. */
  @Property({ type: 'string', length: 10 })
  dimension!: string;

  /** Stable key of the dimension value, e.g. `COHORT|2018|PROVINCIAL_MAJOR_EVENT|SOUTH_ASIA_EXPO`. */
  @Property({ type: 'string', length: 200 })
  dimensionKey!: string;

  @Property({ type: 'integer', nullable: true }) cohortYear?: number | null;
  @Property({ type: 'string', length: 30, nullable: true }) signingLevel?: string | null;
  @Property({ type: 'string', length: 30, nullable: true }) eventKind?: string | null;
  @Property({ type: 'string', length: 100, nullable: true }) industry?: string | null;

  @Property({ type: 'integer' }) projects = 0;
  @Property({ type: 'integer' }) signed = 0;
  @Property({ type: 'integer' }) negotiating = 0;
  @Property({ type: 'integer' }) signedStage = 0;
  @Property({ type: 'integer' }) preparing = 0;
  @Property({ type: 'integer' }) underConstruction = 0;
  @Property({ type: 'integer' }) partiallyProducing = 0;
  @Property({ type: 'integer' }) operating = 0;
  @Property({ type: 'integer' }) atCapacity = 0;
  @Property({ type: 'integer' }) terminated = 0;
  @Property({ type: 'integer' }) performing = 0;
  @Property({ type: 'integer' }) started = 0;
  @Property({ type: 'integer' }) producing = 0;
  @Property({ type: 'integer' }) landed = 0;
  @Property({ type: new BigIntType('bigint'), columnType: 'bigint' }) agreedInvestment = 0n;
  @Property({ type: new BigIntType('bigint'), columnType: 'bigint' }) fundsInPlace = 0n;
}
