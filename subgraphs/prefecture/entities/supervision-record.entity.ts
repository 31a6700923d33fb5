import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { SupervisionKind, SupervisionMethod } from '../../../schema/contract/project-enums.js';
import { LocalDateScalar } from '../../../lib/graphql/scalars/local-date.scalar.js';
import { Project } from './project.entity.js';

/** A supervision (督导) of a project: who checked, how, what they found and what must be fixed. */
@ObjectType()
@Entity({ tableName: 'supervision_record' })
@Index({ properties: ['project', 'supervisedOn'] })
export class SupervisionRecord {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Project, deleteRule: 'cascade' })
  project!: Project;

  @Field(() => SupervisionKind)
  @Enum({ items: () => SupervisionKind, type: 'string' })
  kind!: SupervisionKind;

  @Field(() => SupervisionMethod)
  @Enum({ items: () => SupervisionMethod, type: 'string' })
  method!: SupervisionMethod;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  supervisingUnit!: string;

  @Field(() => LocalDateScalar)
  @Property({ type: 'date' })
  supervisedOn!: string;

  @Field(() => String)
  @Property({ type: 'text' })
  findings!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  requiredFixes?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  deadline?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  outcome?: string | null;
}
