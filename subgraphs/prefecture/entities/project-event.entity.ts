import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { TimestampType } from '../../../lib/db/timestamp.type.js';
import { ProjectEventKind } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { Project } from './project.entity.js';

/**
 * One entry of a project's history: every stage change and every edit, with who and when.
 * Append-only: the API has no way to change or delete it.
 */
@ObjectType()
@Entity({ tableName: 'project_event' })
@Index({ properties: ['project', 'at'] })
export class ProjectEvent {
  @Field(() => ID)
  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @ManyToOne({ entity: () => Project, deleteRule: 'cascade' })
  project!: Project;

  @Field(() => ProjectEventKind)
  @Enum({ items: () => ProjectEventKind, type: 'string' })
  kind!: ProjectEventKind;

  @Field(() => Date)
  @Property({ type: TimestampType })
  at: Date = new Date();

  @Field(() => String, { description: 'Subject of the caller who made the change.' })
  @Property({ type: 'string', length: 100 })
  actorSubject!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 20 })
  actorRole!: string;

  @Field(() => ProjectStage, { nullable: true })
  @Enum({ items: () => ProjectStage, type: 'string', nullable: true })
  fromStage?: ProjectStage | null;

  @Field(() => ProjectStage, { nullable: true })
  @Enum({ items: () => ProjectStage, type: 'string', nullable: true })
  toStage?: ProjectStage | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'JSON object of changed fields: {"field": [before, after]}.',
  })
  @Property({ type: 'text', nullable: true })
  changes?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Where the change came from when not typed in directly, e.g. ledger:台账.xlsx#3f2a9c1be07d (an import).',
  })
  @Property({ type: 'string', length: 200, nullable: true })
  source?: string | null;
}
