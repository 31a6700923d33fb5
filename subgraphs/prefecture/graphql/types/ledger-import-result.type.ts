import { Field, ID, Int, ObjectType } from 'type-graphql';
import { LedgerRowAction } from '../../../../schema/contract/ledger.js';

@ObjectType({ description: 'Why one row cannot be applied, in Chinese and English.' })
export class LedgerRowError {
  @Field(() => String, { nullable: true, description: 'The LedgerRowInput field at fault; null for the whole row.' })
  field?: string | null;
  @Field(() => String, { description: 'e.g. REQUIRED, STAGE_MOVE_FORBIDDEN, DUPLICATE_IN_FILE, FUNDS_DECREASED.' })
  code!: string;
  @Field(() => String) messageZh!: string;
  @Field(() => String) messageEn!: string;
}

@ObjectType()
export class LedgerRowResult {
  @Field(() => Int) rowNumber!: number;
  @Field(() => LedgerRowAction) action!: LedgerRowAction;
  @Field(() => ID, { nullable: true, description: 'The matched project, or (on commit) the one created.' })
  projectId?: string | null;
  @Field(() => [LedgerRowError]) errors!: LedgerRowError[];
}

@ObjectType({ description: 'Per-row verdicts of one importLedgerRows call, in the order of its rows.' })
export class LedgerImportResult {
  @Field(() => Boolean) dryRun!: boolean;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int) failed!: number;
  @Field(() => Boolean, {
    description:
      'True when this is the first outcome of the same call made earlier (same Idempotency-Key), ' +
      'answered again: nothing was written by this call.',
  })
  replayed!: boolean;
  @Field(() => [LedgerRowResult]) rows!: LedgerRowResult[];
}
