import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { EscalationLevel, ObstacleCategory } from '../../../schema/contract/project-enums.js';
import { LocalDateScalar } from '../../../lib/graphql/scalars/local-date.scalar.js';
import { Project } from './project.entity.js';

/** An obstacle blocking a project (要素保障 problem) until it is resolved. */
@ObjectType()
@Entity({ tableName: 'obstacle' })
@Index({ properties: ['project', 'raisedOn'] })
export class Obstacle {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Project, deleteRule: 'cascade' })
  project!: Project;

  @Field(() => ObstacleCategory)
  @Enum({ items: () => ObstacleCategory, type: 'string' })
  category!: ObstacleCategory;

  @Field(() => String)
  @Property({ type: 'text' })
  description!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  responsibleDepartment?: string | null;

  @Field(() => LocalDateScalar)
  @Property({ type: 'date' })
  raisedOn!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  resolvedOn?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  resolution?: string | null;

  @Field(() => EscalationLevel)
  @Enum({ items: () => EscalationLevel, type: 'string' })
  escalationLevel: EscalationLevel = EscalationLevel.COUNTY;
}
