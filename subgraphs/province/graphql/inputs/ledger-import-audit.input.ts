import { Directive, Field, InputType, Int } from 'type-graphql';
import type { LedgerImportAudit, LedgerImportAuditTotals } from '../../../../schema/contract/ledger-audit.js';

// @inaccessible: only the gateway sends these (with a ledger-audit credential, straight to the
// province); composition keeps them out of the client schema (schema/api.graphql).

@Directive('@inaccessible')
@InputType({ description: 'Rows of a committed ledger import by verdict.' })
export class LedgerImportAuditTotalsInput implements LedgerImportAuditTotals {
  @Field(() => Int) rows!: number;
  @Field(() => Int) created!: number;
  @Field(() => Int) updated!: number;
  @Field(() => Int) unchanged!: number;
  @Field(() => Int, { description: 'Rows with an error, rows without a verdict included.' }) failed!: number;
}

@Directive('@inaccessible')
@InputType({ description: 'One committed ledger import, as the gateway records it in the audit log.' })
export class LedgerImportAuditInput implements LedgerImportAudit {
  @Field(() => String, { description: 'The prefecture whose shard the rows were written to.' })
  prefectureCode!: string;

  @Field(() => String) fileName!: string;

  @Field(() => String, { description: 'Hex SHA-256 of the uploaded file.' }) sha256!: string;

  @Field(() => String, { description: 'xlsx or csv.' }) format!: 'xlsx' | 'csv';

  @Field(() => Boolean, { description: 'Whether every row got a verdict.' }) complete!: boolean;

  @Field(() => String, { nullable: true, description: 'Why the import is incomplete; null when complete.' })
  problemCode!: string | null;

  @Field(() => LedgerImportAuditTotalsInput) totals!: LedgerImportAuditTotalsInput;
}
