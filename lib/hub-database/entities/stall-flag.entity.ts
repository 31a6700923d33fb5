import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A stalled-project flag as of one date: rule, severity, since when, and the evidence. */
@Entity({ tableName: 'stall_flag' })
@Index({ properties: ['asOf', 'prefectureCode'] })
@Index({ properties: ['projectId', 'asOf'] })
export class StallFlagRecord {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'date' })
  asOf!: string;

  @Property({ type: 'string', length: 64 })
  runId!: string;

  @Property({ type: 'string', length: 32 })
  projectId!: string;

  @Property({ type: 'string', length: 6 })
  prefectureCode!: string;

  @Property({ type: 'string', length: 40 })
  rule!: string;

  /** Distinguishes several flags of one rule on one project (e.g. one per open obstacle). */
  @Property({ type: 'string', length: 100 })
  flagKey!: string;

  @Property({ type: 'string', length: 10 })
  severity!: 'YELLOW' | 'RED';

  @Property({ type: 'date' })
  since!: string;

  /** JSON object of the dates and amounts that justify the flag. */
  @Property({ type: 'text' })
  evidence!: string;

  /** Whether the previous run for this prefecture did not have this flag (at this severity). */
  @Property({ type: 'boolean' })
  isNew = false;

  // The project's cohort and industry when the flag was raised, so the stalled list can follow the
  // dashboard's cohort filter without asking 16 shards which projects belong to it. Null on flags
  // written before these columns existed.
  @Property({ type: 'integer', nullable: true }) cohortYear?: number | null;
  @Property({ type: 'string', length: 30, nullable: true }) signingLevel?: string | null;
  @Property({ type: 'string', length: 30, nullable: true }) eventKind?: string | null;
  @Property({ type: 'string', length: 100, nullable: true }) industry?: string | null;
}
