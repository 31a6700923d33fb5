import { Field, InputType, Int } from 'type-graphql';
import { ProjectStage } from '../../../../schema/contract/project-stage.js';
import { LocalDateScalar } from '../../../../lib/graphql/scalars/local-date.scalar.js';
import { MoneyScalar } from '../../../../lib/graphql/scalars/money.scalar.js';
import { ProjectChangesInput } from './project-changes.input.js';

@InputType({ description: 'The uploaded file the rows come from; history entries name it.' })
export class LedgerSourceInput {
  @Field(() => String) fileName!: string;
  @Field(() => String, { description: 'Lower-case hex SHA-256 of the uploaded file bytes.' }) sha256!: string;
}

/**
 * One ledger row: the fields of CreateProjectInput (without prefectureCode and id) plus the stage
 * and the cumulative funds in place. Every field may be absent, so a row missing a required one gets
 * its own REQUIRED verdict instead of failing the whole call; on a matched project an absent field
 * keeps its value (an import never clears one).
 */
@InputType()
export class LedgerRowInput extends ProjectChangesInput {
  @Field(() => Int, { description: 'The spreadsheet row, echoed back in the results.' }) rowNumber!: number;
  @Field(() => ProjectStage, { nullable: true }) stage?: ProjectStage | null;
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
