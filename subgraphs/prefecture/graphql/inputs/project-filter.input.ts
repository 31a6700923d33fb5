import { Field, InputType, Int } from 'type-graphql';
import { EventKind, SigningLevel } from '../../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../../schema/contract/project-stage.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';

/** Narrows projects; every criterion given must hold (AND); list criteria match any member (OR). */
@InputType()
export class ProjectFilter {
  @Field(() => [String], {
    nullable: true,
    description: 'Prefecture codes; the gateway calls only these shards. A shard not listed answers nothing.',
  })
  prefectures?: string[] | null;
  @Field(() => [ProjectStage], { nullable: true }) stages?: ProjectStage[] | null;
  @Field(() => [Int], {
    nullable: true,
    description: 'Cohort years (signing year, or listing year while negotiating).',
  })
  cohortYears?: number[] | null;
  @Field(() => Int, { nullable: true, description: 'Signing year.' }) signedYear?: number | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Signed on or after.' }) signedFrom?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Signed on or before.' }) signedTo?: string | null;
  @Field(() => [SigningLevel], { nullable: true }) signingLevels?: SigningLevel[] | null;
  @Field(() => [EventKind], { nullable: true }) eventKinds?: EventKind[] | null;
  @Field(() => [String], { nullable: true }) industries?: string[] | null;
  @Field(() => [String], { nullable: true }) counties?: string[] | null;
  @Field(() => Date, { nullable: true, description: 'Changed at or after this instant.' }) updatedSince?: Date | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of name, investor or id.' })
  text?: string | null;
  @Field(() => String, { nullable: true, description: '台账编号: the project with this ledger number.' })
  ledgerNumber?: string | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only projects lacking an actual milestone date their stage implies (see Project.missingMilestones); false: only those lacking none.',
  })
  missingMilestones?: boolean | null;
  @Field(() => Boolean, {
    nullable: true,
    description: 'Admins only: voided projects too. By default (false) voided projects are in no list, count or rate.',
  })
  includeVoided?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Admins only: voided projects alone.' })
  voidedOnly?: boolean | null;
}
