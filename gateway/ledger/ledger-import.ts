import { createHash } from 'node:crypto';
import { ErrorCode } from '../../lib/errors.js';
import type { ParsedLedger } from '../../lib/ledger/ledger-parse.js';
import {
  locate,
  totalsOf,
  type LedgerAction,
  type LedgerOutcome,
  type LedgerPreview,
  type LedgerPreviewRow,
} from '../../lib/ledger/ledger-preview.js';
import type { LedgerRowError, LedgerRowInput } from '../../lib/ledger/ledger-row.js';
import { MAX_LEDGER_ROWS_PER_CALL } from '../../schema/contract/ledger.js';
import { codeOf, type GraphAnswer, type GraphExecutor } from './graph-executor.js';

/**
 * A chunk's JSON stays well under a shard's 1 MiB body limit even when every text cell is long:
 * a chunk ends at MAX_LEDGER_ROWS_PER_CALL rows or at this many bytes of rows, whichever comes first.
 */
const MAX_CHUNK_BYTES = 512 * 1024;

/** The shard's bulk write, as the gateway sends each chunk (tests and benchmarks send it too). */
export const IMPORT_LEDGER_ROWS = `mutation ImportLedgerRows($input: ImportLedgerRowsInput!) {
  importLedgerRows(input: $input) {
    dryRun created updated unchanged failed replayed
    rows { rowNumber action projectId errors { field code messageZh messageEn } }
  }
}`;

interface ShardRowResult {
  rowNumber: number;
  action: LedgerAction;
  projectId: string | null;
  errors: LedgerRowError[];
}

export interface LedgerImportRequest {
  readonly prefectureCode: string;
  readonly dryRun: boolean;
  readonly fileName: string;
  readonly sha256: string;
  readonly parsed: ParsedLedger;
  /**
   * What every chunk's Idempotency-Key starts with; the chunk index is appended. The same file
   * committed again (a resumed import) gets the same keys, so no chunk is applied twice.
   */
  readonly keyBase: string;
  /** Called after each chunk with the rows answered so far (progress bars). */
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/**
 * What a commit's chunk keys start with: the client's Idempotency-Key, or else the file's bytes
 * with its name and prefecture (each chunk's arguments hold all three, so the same bytes under
 * another name are another request: with a key of the bytes alone the shard would refuse them).
 */
export function commitKeyBase(
  of:
    | { readonly clientKey: string }
    | { readonly sha256: string; readonly prefectureCode: string; readonly fileName: string },
): string {
  if ('clientKey' in of) return `ledger:${of.clientKey}:commit`;
  const nameAndPlace = createHash('sha256')
    .update(JSON.stringify([of.prefectureCode, of.fileName]))
    .digest('hex');
  return `ledger:${of.sha256}:${nameAndPlace.slice(0, 16)}:commit`;
}

/** The import is refused as a whole (not the caller's to do, unknown prefecture): nothing was written. */
export class LedgerImportRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends the file's readable rows to the prefecture's shard as `importLedgerRows` in chunks, one
 * after another, and merges the verdicts with the rows the file itself refused. A chunk the
 * shard refuses as input marks its rows; a chunk whose outcome is unknown (shard down, timeout)
 * stops the import there: the preview says which rows have no verdict, and sending the same file
 * again resumes (answered chunks replay their outcome, see keyBase).
 */
export async function runLedgerImport(execute: GraphExecutor, request: LedgerImportRequest): Promise<LedgerOutcome> {
  const { parsed } = request;
  const verdicts = new Map<number, ShardRowResult>();
  let problem: LedgerPreview['problem'] = null;
  const chunks = chunksOf(parsed.rows);
  let done = 0;
  let rowsCommittedEarlier = 0;
  for (const [index, rows] of chunks.entries()) {
    const input = {
      prefectureCode: request.prefectureCode,
      dryRun: request.dryRun,
      source: { fileName: request.fileName, sha256: request.sha256 },
      rows,
    };
    const answer = await sendChunk(execute, { input }, `${request.keyBase}:${index}`);
    const result = answer.data?.importLedgerRows as { replayed: boolean; rows: ShardRowResult[] } | null | undefined;
    const error = answer.errors?.[0];
    if (result) {
      for (const row of result.rows) verdicts.set(row.rowNumber, row);
      if (result.replayed) rowsCommittedEarlier += result.rows.length;
    } else if (error) {
      const code = codeOf(error);
      if (isRefusalOfTheWholeImport(code)) {
        if (index === 0) throw new LedgerImportRefused(code, error.message);
      }
      if (code === ErrorCode.BAD_USER_INPUT) {
        // The chunk as a whole was refused (the hub's input checks): its rows carry the reason.
        for (const row of rows) verdicts.set(row.rowNumber, chunkRefusal(row, code, error.message));
      } else {
        problem = { code, message: error.message };
        break;
      }
    }
    done += rows.length;
    request.onProgress?.(done, parsed.rows.length);
  }
  const rows = parsed.allRows.map((row) => previewRow(row, parsed.rowErrors.get(row.rowNumber), verdicts, problem));
  return {
    fileName: request.fileName,
    sha256: request.sha256,
    format: parsed.format,
    prefectureCode: request.prefectureCode,
    dryRun: request.dryRun,
    complete: problem === null,
    problem,
    totals: totalsOf(rows),
    rowsCommittedEarlier,
    rows,
    fileErrors: parsed.fileErrors.map((e) => locate(e.rowNumber, e)),
  };
}

/** Sends of a chunk after the first, when its outcome is unknown (same key: applied at most once). */
const CHUNK_RETRIES = 2;

/**
 * One chunk's call; sent again with the same key while the gateway cannot tell whether it was
 * applied (WRITE_OUTCOME_UNKNOWN): the shard's idempotent-write store answers a chunk it applied
 * with its first outcome, and applies one it never saw.
 */
async function sendChunk(
  execute: GraphExecutor,
  variables: Record<string, unknown>,
  key: string,
): Promise<GraphAnswer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await execute(IMPORT_LEDGER_ROWS, variables, key);
    const unknown = answer.errors?.some((e) => codeOf(e) === ErrorCode.WRITE_OUTCOME_UNKNOWN);
    if (!unknown || attempt === CHUNK_RETRIES) return answer;
  }
}

/**
 * Codes that refuse the import as a whole when its first chunk gets them: the caller may not
 * import here at all, or their Idempotency-Key belongs to another import.
 */
function isRefusalOfTheWholeImport(code: string): boolean {
  return (
    code === ErrorCode.FORBIDDEN ||
    code === ErrorCode.UNKNOWN_PREFECTURE ||
    code === ErrorCode.WRONG_PREFECTURE ||
    code === ErrorCode.IDEMPOTENCY_KEY_REUSED
  );
}

function previewRow(
  row: LedgerRowInput,
  fileErrors: LedgerRowError[] | undefined,
  verdicts: ReadonlyMap<number, ShardRowResult>,
  problem: LedgerPreview['problem'],
): LedgerPreviewRow {
  const label = {
    rowNumber: row.rowNumber,
    ledgerNumber: row.ledgerNumber === undefined ? null : String(row.ledgerNumber),
    name: row.name === undefined ? null : String(row.name),
  };
  if (fileErrors) {
    return { ...label, action: 'ERROR', projectId: null, errors: fileErrors.map((e) => locate(row.rowNumber, e)) };
  }
  const verdict = verdicts.get(row.rowNumber);
  if (verdict) {
    const errors = verdict.errors.map((e) => locate(row.rowNumber, e));
    return { ...label, action: verdict.action, projectId: verdict.projectId, errors };
  }
  const why = problem ?? { code: 'NO_VERDICT', message: 'the prefecture did not answer for this row' };
  // A key taken by another import (its first chunks were the same rows): sending again cannot help.
  const [messageZh, messageEn] =
    why.code === ErrorCode.IDEMPOTENCY_KEY_REUSED
      ? [
          '本行未处理：该 Idempotency-Key 已用于另一个文件。请用新的 Idempotency-Key 导入本文件，已导入的行将显示为未变化',
          'this row was not processed: the Idempotency-Key was used for another file. Import this file with a new key; rows already imported will show as unchanged',
        ]
      : [
          `本行未处理：${why.message}。请稍后用同一文件重新导入，已处理的行不会重复写入`,
          `this row was not processed: ${why.message}. Import the same file again later; rows already processed are not written twice`,
        ];
  const error: LedgerRowError = { field: null, code: why.code, messageZh, messageEn };
  return { ...label, action: 'ERROR', projectId: null, errors: [locate(row.rowNumber, error)] };
}

function chunkRefusal(row: LedgerRowInput, code: string, message: string): ShardRowResult {
  const error = {
    field: null,
    code,
    messageZh: `本批次被拒绝：${message}`,
    messageEn: `refused with its chunk: ${message}`,
  };
  return { rowNumber: row.rowNumber, action: 'ERROR', projectId: null, errors: [error] };
}

/** Rows in chunks of at most MAX_LEDGER_ROWS_PER_CALL rows and MAX_CHUNK_BYTES of JSON. */
function chunksOf(rows: readonly LedgerRowInput[]): LedgerRowInput[][] {
  const chunks: LedgerRowInput[][] = [];
  let current: LedgerRowInput[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = Buffer.byteLength(JSON.stringify(row));
    if (current.length && (current.length === MAX_LEDGER_ROWS_PER_CALL || bytes + size > MAX_CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}
