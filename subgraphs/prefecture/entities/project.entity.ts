import { BigIntType, Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { TimestampType } from '../../../lib/db/timestamp.type.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { AgreementType, EventKind, SigningLevel } from '../../../schema/contract/project-enums.js';
import { MoneyScalar } from '../../../lib/graphql/scalars/money.scalar.js';
import { LocalDateScalar } from '../../../lib/graphql/scalars/local-date.scalar.js';

/**
 * A signed (or negotiated) investment project, owned by exactly one prefecture.
 * Money is integer fen (bigint); dates are ISO strings; `version` is the optimistic lock.
 */
@ObjectType({ description: 'An investment project followed from negotiation to production.' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'project' })
// Indexes are listed newest first: a schema built from the entities then creates them in the
// order the migrations did (the drift test compares SQLite's index lists, which keep that order).
// Covers projectStats: its per-stage counts and sums read this index alone, never the table
// (voidedAt is in it because every count leaves voided projects out).
@Index({
  name: 'project_stage_sums_index',
  properties: ['stage', 'actualRegistrationOn', 'agreedInvestment', 'fundsInPlace', 'investmentCompleted', 'voidedAt'],
})
// For stage filters that need other columns too (pages, filtered stats): its entries of one stage
// are in table order, so the row lookups go through the table in order; through the wider index
// above they jump around and took a third longer (10,000 projects, SQLite).
@Index({ properties: ['stage'] })
@Index({ properties: ['signedOn', 'id'] })
@Index({ properties: ['updatedAt', 'id'] })
@Index({ properties: ['agreedInvestment', 'id'] })
// 台账编号 is the prefecture's own number: unique within it, absent on projects never imported.
@Unique({ properties: ['prefectureCode', 'ledgerNumber'] })
export class Project {
  @Field(() => ID, { description: 'Globally unique; starts with the 6-digit prefecture code, e.g. 530100-2018-0042.' })
  @PrimaryKey({ type: 'string', length: 32 })
  id!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 6 })
  prefectureCode!: string;

  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true, description: '投资项目代码 YYYY-XXXXXX-XX-XX-XXXXXX, assigned at filing.' })
  @Property({ type: 'string', length: 24, nullable: true })
  nationalCode?: string | null;

  @Field(() => ProjectStage)
  @Enum({ items: () => ProjectStage, type: 'string' })
  stage: ProjectStage = ProjectStage.NEGOTIATING;

  @Field(() => Int, { description: 'Optimistic lock: send it back with updates; a stale one is rejected.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  // Origin
  @Field(() => EventKind)
  @Enum({ items: () => EventKind, type: 'string' })
  eventKind!: EventKind;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  eventName?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Signing date; null while negotiating.' })
  @Property({ type: 'date', nullable: true })
  signedOn?: string | null;

  @Field(() => Int, {
    description:
      'Year the project entered provincial follow-up: its signing year, or the listing year of a project still negotiating. Cohorts group by it.',
  })
  @Property({ type: 'integer' })
  @Index()
  cohortYear!: number;

  @Field(() => AgreementType, { nullable: true })
  @Enum({ items: () => AgreementType, type: 'string', nullable: true })
  agreementType?: AgreementType | null;

  @Field(() => SigningLevel)
  @Enum({ items: () => SigningLevel, type: 'string' })
  @Index()
  signingLevel!: SigningLevel;

  // Responsibility ("谁签约、谁负责")
  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  signingUnit?: string | null;

  @Field(() => String, { nullable: true, description: 'County (县/市/区) where the project is located.' })
  @Property({ type: 'string', length: 100, nullable: true })
  county?: string | null;

  @Field(() => String, { description: 'Industry (行业归属).' })
  @Property({ type: 'string', length: 100 })
  industry!: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 200, nullable: true })
  industryDepartment?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  leadOfficial?: string | null;

  // "四个一": one promotion plan, one supporting policy, one promotion team per project
  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  promotionPlan?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  supportingPolicy?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'text', nullable: true })
  promotionTeam?: string | null;

  // Investor
  @Field(() => String)
  @Property({ type: 'string', length: 200 })
  investorName!: string;

  @Field(() => String, { nullable: true, description: '统一社会信用代码 (18 characters).' })
  @Property({ type: 'string', length: 18, nullable: true })
  investorCreditCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Province or country the investor comes from.' })
  @Property({ type: 'string', length: 100, nullable: true })
  investorOrigin?: string | null;

  // Money (integer fen)
  @Field(() => MoneyScalar, { description: 'Agreed (contract) investment.' })
  @Property({ type: new BigIntType('bigint'), columnType: 'bigint' })
  agreedInvestment: bigint = 0n;

  @Field(() => MoneyScalar, { description: 'Funds in place: the sum of the funding records.' })
  @Property({ type: new BigIntType('bigint'), columnType: 'bigint' })
  fundsInPlace: bigint = 0n;

  @Field(() => MoneyScalar, { description: 'Investment completed (完成投资).' })
  @Property({ type: new BigIntType('bigint'), columnType: 'bigint' })
  investmentCompleted: bigint = 0n;

  // Planned vs actual milestones
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  plannedRegistrationOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Local company registered (落地).' })
  @Property({ type: 'date', nullable: true })
  actualRegistrationOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  plannedLandSupplyOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  actualLandSupplyOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  plannedStartOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  actualStartOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  plannedProductionOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  actualProductionOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  plannedCapacityOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true })
  @Property({ type: 'date', nullable: true })
  actualCapacityOn?: string | null;

  @Field(() => Date, { description: 'When the stage last changed (the stall rules read it).' })
  @Property({ type: TimestampType })
  stageChangedAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: TimestampType })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: TimestampType, onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  // Added after the first release: declared last so a schema built from the entities orders the
  // columns as the migrations (which append them) do.
  @Field(() => String, {
    nullable: true,
    description:
      "台账编号: the prefecture's own ledger number, unique within the prefecture; imports match rows by it.",
  })
  @Property({ type: 'string', length: 50, nullable: true })
  ledgerNumber?: string | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the project was voided (作废, entered by mistake); null otherwise. Voided projects are in no list, count or rate.',
  })
  @Property({ type: TimestampType, nullable: true })
  voidedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was voided; null when not voided.' })
  @Property({ type: 'text', nullable: true })
  voidReason?: string | null;
}
