import { columnOfField } from './ledger-columns.js';
import type { LedgerRowError } from './ledger-row.js';

/**
 * The answer of `POST /ledger/imports` (docs/architecture.md, "Ledger files"): one verdict per data
 * row of the file, merged from the file's own checks and the shard's verdicts, every error located
 * by its column header. Shared by the gateway (which builds it) and the CLI (which prints it).
 */
export interface LedgerPreview {
  readonly fileName: string;
  /** Hex SHA-256 of the uploaded bytes. */
  readonly sha256: string;
  readonly format: 'xlsx' | 'csv';
  readonly prefectureCode: string;
  readonly dryRun: boolean;
  /** False when some rows could not be sent or answered (see `problem`); sending the same file again resumes. */
  readonly complete: boolean;
  /** Why the import is incomplete, when it is. */
  readonly problem: { readonly code: string; readonly message: string } | null;
  readonly totals: LedgerTotals;
  /**
   * Rows whose verdict is the outcome of an earlier commit of the same file (the same chunk keys:
   * a repeated or resumed commit), answered again: nothing of them was written by this request.
   */
  readonly rowsCommittedEarlier: number;
  /** In row order. */
  readonly rows: LedgerPreviewRow[];
  /** What makes the whole file unusable (bad header, not a spreadsheet); then `rows` is empty. */
  readonly fileErrors: LocatedLedgerError[];
  /**
   * Whether the province's audit log holds this commit's entry: false when it could not be
   * recorded (the rows are written all the same; sending the same commit again records it), null
   * when there is nothing to record (a dry run, a file refused as a whole).
   */
  readonly auditRecorded: boolean | null;
}

/** An import's outcome before its audit entry is recorded: what the chunks' verdicts make of the file. */
export type LedgerOutcome = Omit<LedgerPreview, 'auditRecorded'>;

export interface LedgerTotals {
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
}

export type LedgerAction = 'CREATE' | 'UPDATE' | 'UNCHANGED' | 'ERROR';

export interface LedgerPreviewRow {
  readonly rowNumber: number;
  readonly action: LedgerAction;
  /** The matched project, or (on commit) the created one. */
  readonly projectId: string | null;
  readonly ledgerNumber: string | null;
  readonly name: string | null;
  readonly errors: LocatedLedgerError[];
}

/** A LedgerRowError with the column it concerns (null: the whole row or file). */
export interface LocatedLedgerError extends LedgerRowError {
  readonly rowNumber: number;
  readonly column: string | null;
  readonly columnEn: string | null;
}

export function locate(rowNumber: number, error: LedgerRowError): LocatedLedgerError {
  const column = error.field ? columnOfField(error.field) : undefined;
  return { ...error, rowNumber, column: column?.headerZh ?? null, columnEn: column?.headerEn ?? null };
}

export function totalsOf(rows: readonly LedgerPreviewRow[]): LedgerTotals {
  const count = (action: LedgerAction) => rows.filter((r) => r.action === action).length;
  return {
    rows: rows.length,
    created: count('CREATE'),
    updated: count('UPDATE'),
    unchanged: count('UNCHANGED'),
    failed: count('ERROR'),
  };
}
