import { Field, InputType } from 'type-graphql';
import { AgreementType } from '../../../../schema/contract/project-enums.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';

/** The optional details of a project, shared by create and update (null clears a value). */
@InputType()
export class ProjectDetailsInput {
  @Field(() => String, {
    nullable: true,
    description: "台账编号: the prefecture's own ledger number, unique within it.",
  })
  ledgerNumber?: string | null;
  @Field(() => String, { nullable: true, description: '投资项目代码 YYYY-XXXXXX-XX-XX-XXXXXX.' })
  nationalCode?: string | null;
  @Field(() => String, { nullable: true }) eventName?: string | null;
  @Field(() => AgreementType, { nullable: true }) agreementType?: AgreementType | null;
  @Field(() => String, { nullable: true }) signingUnit?: string | null;
  @Field(() => String, { nullable: true }) county?: string | null;
  @Field(() => String, { nullable: true }) industryDepartment?: string | null;
  @Field(() => String, { nullable: true }) leadOfficial?: string | null;
  @Field(() => String, { nullable: true }) promotionPlan?: string | null;
  @Field(() => String, { nullable: true }) supportingPolicy?: string | null;
  @Field(() => String, { nullable: true }) promotionTeam?: string | null;
  @Field(() => String, { nullable: true, description: '统一社会信用代码, 18 characters.' })
  investorCreditCode?: string | null;
  @Field(() => String, { nullable: true }) investorOrigin?: string | null;
  @Field(() => MoneyScalar, { nullable: true }) investmentCompleted?: bigint | null;
  @Field(() => LocalDateScalar, { nullable: true }) plannedRegistrationOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) actualRegistrationOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) plannedLandSupplyOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) actualLandSupplyOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) plannedStartOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) actualStartOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) plannedProductionOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) actualProductionOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) plannedCapacityOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) actualCapacityOn?: string | null;
}
