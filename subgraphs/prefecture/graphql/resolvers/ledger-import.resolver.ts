import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import type { PrefectureContext } from '../../context.js';
import { importLedgerRows } from '../../services/ledger-import/import-ledger-rows.js';
import { ImportLedgerRowsInput } from '../inputs/ledger-import.input.js';
import { LedgerImportResult } from '../types/ledger-import-result.type.js';

/** The bulk path for ledgers (台账): one call checks or applies up to 1000 rows of one prefecture. */
@Resolver()
export class LedgerImportResolver {
  @Mutation(() => LedgerImportResult, {
    description:
      'Checks (dryRun) or applies ledger rows: each row is matched by ledgerNumber, else nationalCode, and created, updated, left unchanged or refused with its errors; each applied row is all-or-nothing.',
  })
  @Directive('@route(key: "input.prefectureCode")')
  importLedgerRows(
    @Arg('input', () => ImportLedgerRowsInput) input: ImportLedgerRowsInput,
    @Ctx() ctx: PrefectureContext,
  ): Promise<LedgerImportResult> {
    return importLedgerRows(ctx, input);
  }
}
