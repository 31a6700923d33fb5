import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { TimestampType } from './timestamp.type.js';

/**
 * A write done under an Idempotency-Key: enough to recognise its retry and answer it again.
 * The primary key (caller, key) is what makes two concurrent first attempts end with one write.
 */
@Entity({ tableName: 'idempotency_key' })
@Index({ properties: ['createdAt'] })
export class IdempotencyRecord {
  /** The caller's subject: keys of different users never collide. */
  @PrimaryKey({ type: 'string', length: 200 })
  subject!: string;

  @PrimaryKey({ type: 'string', length: 500 })
  key!: string;

  /** The mutation field, e.g. `recordFunding`. */
  @Property({ type: 'string', length: 100 })
  operation!: string;

  /** SHA-256 (hex) of the canonical JSON of the operation and its arguments. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  /** JSON the mutation's first answer is rebuilt from (an entity's id, or the answer itself). */
  @Property({ type: 'text' })
  outcome!: string;

  @Property({ type: TimestampType })
  createdAt: Date = new Date();
}
