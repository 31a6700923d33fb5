import { BigIntType, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { TimestampType } from '../../../lib/db/timestamp.type.js';
import { LocalDateScalar } from '../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../lib/graphql/scalars/money.scalar.js';
import { Project } from './project.entity.js';

/** One dated arrival of money (到位资金); a project's funds in place is the sum of these. */
@ObjectType()
@Entity({ tableName: 'funding_record' })
@Index({ properties: ['project', 'receivedOn'] })
export class FundingRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Project, deleteRule: 'cascade' })
  project!: Project;

  @Field(() => LocalDateScalar)
  @Property({ type: 'date' })
  receivedOn!: string;

  @Field(() => MoneyScalar)
  @Property({ type: new BigIntType('bigint'), columnType: 'bigint' })
  amount!: bigint;

  @Field(() => String, { nullable: true, description: 'e.g. investor equity, bank loan.' })
  @Property({ type: 'string', length: 100, nullable: true })
  source?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  recordedBy!: string;

  @Field(() => Date)
  @Property({ type: TimestampType })
  recordedAt: Date = new Date();
}
