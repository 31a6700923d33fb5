import { ErrorCode, hubError } from '../../../../lib/errors.js';
import type { PrefectureContext } from '../../context.js';
import type { ImportLedgerRowsInput } from '../../graphql/inputs/ledger-import.input.js';
import type { LedgerImportResult } from '../../graphql/types/ledger-import-result.type.js';

export function importLedgerRows(_ctx: PrefectureContext, _input: ImportLedgerRowsInput): Promise<LedgerImportResult> {
  return Promise.reject(hubError(ErrorCode.INTERNAL_SERVER_ERROR, 'importLedgerRows is not implemented yet'));
}
