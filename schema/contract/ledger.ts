/**
 * The ledger import contract (招商引资项目台账) shared by the prefecture shards, which apply rows,
 * and the gateway's file side, which reads spreadsheets and sends them in chunks.
 */

/** Rows one `importLedgerRows` call may carry: the file side splits larger files into chunks of at most this. */
export const MAX_LEDGER_ROWS_PER_CALL = 1000;

/**
 * Largest request body a prefecture subgraph accepts (the general limit is 1 MiB): a full chunk
 * of ledger rows with long texts (推进方案, 支持政策) runs to a few MiB of JSON. The file side also
 * splits chunks by size, so no call exceeds it.
 */
export const MAX_LEDGER_CALL_BYTES = 8 * 1024 * 1024;

/** What an import does (dry run) or did (commit) with one row. */
export enum LedgerRowAction {
  CREATE = 'CREATE',
  UPDATE = 'UPDATE',
  UNCHANGED = 'UNCHANGED',
  ERROR = 'ERROR',
}

/**
 * `LedgerRowError.code` values the shard answers. The file side adds its own for cells it cannot
 * read at all (a date that is no date, an unknown stage name, money with more than two decimals).
 */
export const LedgerErrorCode = {
  BAD_DATE: 'BAD_DATE',
  UNKNOWN_ENUM: 'UNKNOWN_ENUM',
  MONEY_DECIMALS: 'MONEY_DECIMALS',
  REQUIRED: 'REQUIRED',
  INVALID_VALUE: 'INVALID_VALUE',
  FUTURE_DATE: 'FUTURE_DATE',
  DATE_ORDER: 'DATE_ORDER',
  STAGE_MOVE_FORBIDDEN: 'STAGE_MOVE_FORBIDDEN',
  DUPLICATE_IN_FILE: 'DUPLICATE_IN_FILE',
  OTHER_PREFECTURE: 'OTHER_PREFECTURE',
  FUNDS_DECREASED: 'FUNDS_DECREASED',
  /** The row matches a voided project: restore it (or give the row another ledger number) first. */
  PROJECT_VOIDED: 'PROJECT_VOIDED',
  /** The row's ledger number and national code match two different projects. */
  AMBIGUOUS_MATCH: 'AMBIGUOUS_MATCH',
  /** The row passed every check but could not be written (it was rolled back; the others were not). */
  WRITE_FAILED: 'WRITE_FAILED',
} as const;
export type LedgerErrorCode = (typeof LedgerErrorCode)[keyof typeof LedgerErrorCode];

/** Characters of the file's sha256 a history entry's source keeps: enough to tell uploads apart. */
const SOURCE_HASH_PREFIX = 12;

/** How history entries of an import name it: `ledger:<fileName>#<sha256 prefix>`, at most `max` characters. */
export function ledgerSource(fileName: string, sha256: string, max = 200): string {
  const hash = `#${sha256.slice(0, SOURCE_HASH_PREFIX)}`;
  const room = max - 'ledger:'.length - hash.length;
  return `ledger:${[...fileName].slice(0, room).join('')}${hash}`;
}
