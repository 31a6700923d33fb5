/**
 * The audit entry of a committed ledger import, as the gateway records it in the province's
 * audit log (README, "Ledgers in and out (Excel, CSV)"): what the gateway sends, how the write is
 * keyed and what its `ledger-audit` credential is bound to. The gateway writes, the province
 * checks; both read the shared rules from here.
 */
import { createHash } from 'node:crypto';

/** The province's root field for it; served to `ledger-audit` credentials only, not in the client graph. */
export const RECORD_LEDGER_IMPORT_FIELD = 'recordLedgerImport';

/** What the gateway sends (the province answers the entry's id, the one leaf the scope may read). */
export const RECORD_LEDGER_IMPORT = `mutation RecordLedgerImport($input: LedgerImportAuditInput!) {
  ${RECORD_LEDGER_IMPORT_FIELD}(input: $input) { id }
}`;

/** `AuditEntry.action` of these entries. */
export const LEDGER_IMPORT_AUDIT_ACTION = 'ledgerImport';

/** One committed import as the audit log keeps it (its actor and request id come from the credential). */
export interface LedgerImportAudit {
  /** The prefecture whose shard the rows were written to. */
  readonly prefectureCode: string;
  readonly fileName: string;
  /** Hex SHA-256 of the uploaded bytes. */
  readonly sha256: string;
  readonly format: 'xlsx' | 'csv';
  /** Whether every row got a verdict. */
  readonly complete: boolean;
  /** Why it is incomplete (e.g. PREFECTURE_UNAVAILABLE); null when complete. */
  readonly problemCode: string | null;
  readonly totals: LedgerImportAuditTotals;
}

export interface LedgerImportAuditTotals {
  readonly rows: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Rows with an error, the file's own and those without a verdict included. */
  readonly failed: number;
}

/**
 * The Idempotency-Key of an import's audit write: the import's chunk key base (the client's key,
 * or the file's sha256, per user) and a digest of the entry. Sending the same commit again
 * replays every chunk, so it reports the same entry and records nothing new; a resumed import
 * that got further reports another outcome, which is recorded as its own entry.
 */
export function ledgerImportAuditKey(chunkKeyBase: string, entry: LedgerImportAudit): string {
  return `${chunkKeyBase}:audit:${sha256Hex(entryText(entry))}`;
}

/**
 * What a `ledger-audit` credential is bound to (its `bind` claim): the entry and the key it is
 * sent with. The province refuses the credential with any other entry or key, so one captured
 * on the wire before the gateway's request arrives cannot write anything the gateway did not.
 */
export function ledgerImportAuditBinding(entry: LedgerImportAudit, idempotencyKey: string): string {
  return sha256Hex(JSON.stringify([idempotencyKey, entryText(entry)]));
}

/**
 * The entry as fixed-order JSON: the province reads it back as GraphQL input objects, whose
 * properties may come in another order or carry extras, so nothing here depends on either.
 */
function entryText(entry: LedgerImportAudit): string {
  const { totals } = entry;
  return JSON.stringify([
    entry.prefectureCode,
    entry.fileName,
    entry.sha256,
    entry.format,
    entry.complete,
    entry.problemCode ?? null,
    [totals.rows, totals.created, totals.updated, totals.unchanged, totals.failed],
  ]);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
