import { Field, InputType, Int } from 'type-graphql';
import { AgreementType, EventKind, SigningLevel } from '../../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../../schema/contract/project-stage.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';

@InputType({ description: 'The uploaded file the rows come from; history entries name it.' })
export class LedgerSourceInput {
  @Field(() => String) fileName!: string;
  @Field(() => String, { description: 'Lower-case hex SHA-256 of the uploaded file bytes.' }) sha256!: string;
}

/**
 * One ledger row: the fields of CreateProjectInput (without prefectureCode and id) plus the ledger
 * number and the cumulative funds in place. Every field may be absent, so a row missing a required
 * one gets its own REQUIRED verdict instead of failing the whole call; on a matched project an
 * absent field keeps its value (an import never clears one).
 */
@InputType()
export class LedgerRowInput {
  @Field(() => Int, { description: 'The spreadsheet row, echoed back in the results.' }) rowNumber!: number;
  @Field(() => String, { nullable: true, description: "台账编号, the prefecture's own ledger number." })
  ledgerNumber?: string | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => ProjectStage, { nullable: true }) stage?: ProjectStage | null;
  @Field(() => EventKind, { nullable: true }) eventKind?: EventKind | null;
  @Field(() => String, { nullable: true }) eventName?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) signedOn?: string | null;
  @Field(() => Int, { nullable: true }) cohortYear?: number | null;
  @Field(() => SigningLevel, { nullable: true }) signingLevel?: SigningLevel | null;
  @Field(() => String, { nullable: true }) industry?: string | null;
  @Field(() => String, { nullable: true }) investorName?: string | null;
  @Field(() => MoneyScalar, { nullable: true }) agreedInvestment?: bigint | null;
  @Field(() => String, { nullable: true, description: '投资项目代码 YYYY-XXXXXX-XX-XX-XXXXXX.' })
  nationalCode?: string | null;
  @Field(() => AgreementType, { nullable: true }) agreementType?: AgreementType | null;
  @Field(() => String, { nullable: true }) signingUnit?: string | null;
  @Field(() => String, { nullable: true }) county?: string | null;
  @Field(() => String, { nullable: true }) industryDepartment?: string | null;
  @Field(() => String, { nullable: true }) leadOfficial?: string | null;
  @Field(() => String, { nullable: true }) promotionPlan?: string | null;
  @Field(() => String, { nullable: true }) supportingPolicy?: string | null;
  @Field(() => String, { nullable: true }) promotionTeam?: string | null;
  @Field(() => String, { nullable: true }) investorCreditCode?: string | null;
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
  @Field(() => MoneyScalar, {
    nullable: true,
    description:
      '资金到位累计: cumulative funds arrived as the ledger states them; more than recorded adds one funding record.',
  })
  fundsInPlace?: bigint | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Date of that figure; required with fundsInPlace.' })
  fundsInPlaceAsOf?: string | null;
}

@InputType()
export class ImportLedgerRowsInput {
  @Field(() => String, { description: 'Must be the prefecture this subgraph serves.' }) prefectureCode!: string;
  @Field(() => Boolean, { description: 'true: verdicts only, nothing is written.' }) dryRun!: boolean;
  @Field(() => LedgerSourceInput) source!: LedgerSourceInput;
  @Field(() => [LedgerRowInput], { description: 'At most 1000 rows per call (MAX_LEDGER_ROWS_PER_CALL).' })
  rows!: LedgerRowInput[];
}
