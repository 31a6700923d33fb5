import { BigIntType, Entity, Enum, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { TimestampType } from '../../../lib/db/timestamp.type.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { MoneyScalar } from '../../../lib/graphql/scalars/money.scalar.js';
import { Project } from './project.entity.js';

/** The monthly progress report a prefecture officer files for a project (one per month). */
@ObjectType()
@Entity({ tableName: 'progress_report' })
@Unique({ properties: ['project', 'period'] })
export class ProgressReport {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Project, deleteRule: 'cascade' })
  project!: Project;

  @Field(() => String, { description: 'Reporting month, YYYY-MM.' })
  @Property({ type: 'string', length: 7 })
  period!: string;

  @Field(() => ProjectStage, { description: 'Stage of the project when the report was filed.' })
  @Enum({ items: () => ProjectStage, type: 'string' })
  stage!: ProjectStage;

  @Field(() => String)
  @Property({ type: 'text' })
  narrative!: string;

  @Field(() => MoneyScalar, {
    description: 'Funds reported as arriving this period (informative; funds in place sum the funding records).',
  })
  @Property({ type: new BigIntType('bigint'), columnType: 'bigint' })
  fundsThisPeriod: bigint = 0n;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  nextSteps?: string | null;

  @Field(() => String)
  @Property({ type: 'string', length: 100 })
  submittedBy!: string;

  @Field(() => Date)
  @Property({ type: TimestampType })
  submittedAt: Date = new Date();
}
