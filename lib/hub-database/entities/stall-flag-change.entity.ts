import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A flag that appeared or cleared between a prefecture's previous run and this one. */
@Entity({ tableName: 'stall_flag_change' })
@Index({ properties: ['asOf', 'prefectureCode'] })
export class StallFlagChange {
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Property({ type: 'date' })
  asOf!: string;

  @Property({ type: 'string', length: 64 })
  runId!: string;

  @Property({ type: 'string', length: 6 })
  prefectureCode!: string;

  @Property({ type: 'string', length: 32 })
  projectId!: string;

  @Property({ type: 'string', length: 40 })
  rule!: string;

  @Property({ type: 'string', length: 100 })
  flagKey!: string;

  /** NEW or CLEARED. */
  @Property({ type: 'string', length: 10 })
  change!: 'NEW' | 'CLEARED';

  @Property({ type: 'string', length: 10 })
  severity!: 'YELLOW' | 'RED';
}
