import { LedgerErrorCode } from '../../schema/contract/ledger.js';
import type { LedgerField } from './ledger-columns.js';

/**
 * The contract's LedgerRowInput as a file yields it: the spreadsheet row number plus the fields its
 * cells gave (text, normalized Money strings, YYYY-MM-DD dates, enumeration values, integers).
 */
export type LedgerRowInput = { rowNumber: number } & Partial<Record<LedgerField, string | number>>;

/** One thing wrong with one row, the same shape as the contract's LedgerRowError. */
export interface LedgerRowError {
  /** The LedgerRowInput field; null for what concerns the whole row or file. */
  readonly field: string | null;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

/**
 * The codes a file or a row can be refused with before any row reaches a shard: the contract's
 * where the shard has the same (so a client handles one list), the file's own besides.
 */
export const FileErrorCode = {
  BAD_DATE: LedgerErrorCode.BAD_DATE,
  UNKNOWN_ENUM: LedgerErrorCode.UNKNOWN_ENUM,
  MONEY_DECIMALS: LedgerErrorCode.MONEY_DECIMALS,
  REQUIRED: LedgerErrorCode.REQUIRED,
  DUPLICATE_IN_FILE: LedgerErrorCode.DUPLICATE_IN_FILE,
  BAD_HEADER: 'BAD_HEADER',
  BAD_FILE: 'BAD_FILE',
  EMPTY_FILE: 'EMPTY_FILE',
  TOO_MANY_ROWS: 'TOO_MANY_ROWS',
  BAD_MONEY: 'BAD_MONEY',
  BAD_INT: 'BAD_INT',
  BAD_TEXT: 'BAD_TEXT',
} as const;
