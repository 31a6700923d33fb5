import type { EntityManager } from '@mikro-orm/knex';
import { z } from 'zod';
import { badInput } from '../../../../lib/errors.js';
import { validateInput } from '../../../../lib/validate-input.js';
import {
  LedgerErrorCode,
  LedgerRowAction,
  ledgerSource,
  MAX_LEDGER_ROWS_PER_CALL,
} from '../../../../schema/contract/ledger.js';
import { runIdempotent } from '../../../lib/idempotency/idempotent-write.js';
import type { PrefectureContext } from '../../context.js';
import { shortText } from '../../domain/project-rules.js';
import type { ImportLedgerRowsInput } from '../../graphql/inputs/ledger-import.input.js';
import type { LedgerImportResult, LedgerRowResult } from '../../graphql/types/ledger-import-result.type.js';
import { assertCanWrite, assertServedPrefecture } from '../access.js';
import { ProjectIdAllocator, writeLedgerRows, type ImportOrigin } from './write-ledger-rows.js';
import { normalizeLedgerRow, type LedgerRow } from './ledger-row.js';
import { rowError } from './ledger-row-errors.js';
import { duplicatesInFile, findLedgerMatches, matchRow, otherPrefectureError } from './ledger-row-matching.js';
import { judgeRow, refusedRow, type RowVerdict } from './ledger-row-verdict.js';

const sourceSchema = z.object({
  fileName: shortText(255),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the lower-case hex SHA-256 of the file (64 characters)'),
});

/**
 * The bulk path for ledgers: checks every row of one call against this prefecture's projects in
 * a few queries, then (unless a dry run) applies the rows that passed, each in its own savepoint,
 * so one row failing to write leaves it out and keeps the others. A commit runs through the
 * idempotent-write store: a retried call (same Idempotency-Key) answers its first outcome.
 */
export async function importLedgerRows(
  ctx: PrefectureContext,
  input: ImportLedgerRowsInput,
): Promise<LedgerImportResult> {
  assertCanWrite(ctx);
  assertServedPrefecture(ctx, input.prefectureCode);
  const source = validateInput(sourceSchema, input.source, 'input.source');
  if (input.rows.length > MAX_LEDGER_ROWS_PER_CALL) {
    throw badInput('input.rows', `at most ${MAX_LEDGER_ROWS_PER_CALL} rows per call, got ${input.rows.length}`);
  }
  const rows = input.rows.map(normalizeLedgerRow);
  assertDistinctRowNumbers(rows);
  const origin: ImportOrigin = {
    actor: ctx.actor,
    prefectureCode: ctx.prefectureCode,
    source: ledgerSource(source.fileName, source.sha256, 200),
    fundingSource: ledgerSource(source.fileName, source.sha256, 100),
  };
  if (input.dryRun) return resultOf(true, await judgeRows(ctx.em, rows, ctx.prefectureCode));
  return runIdempotent(
    ctx.em,
    {
      scope: ctx.idempotencyKey === null ? null : { subject: ctx.actor.subject, key: ctx.idempotencyKey },
      operation: 'importLedgerRows',
      args: input,
      // The answer is plain JSON: kept whole, a retry answers exactly the first outcome, saying so.
      save: (result) => result,
      replay: (_em, saved) => Promise.resolve({ ...(saved as LedgerImportResult), replayed: true }),
    },
    async (tx) => resultOf(false, await commitRows(tx, rows, origin)),
  );
}

/** Verdicts on every row: the checks a commit makes, without writing. */
async function judgeRows(em: EntityManager, rows: readonly LedgerRow[], prefectureCode: string): Promise<RowVerdict[]> {
  const matches = await findLedgerMatches(em, rows);
  const duplicates = duplicatesInFile(rows);
  return rows.map((row) => {
    const refusals = [...(duplicates.get(row) ?? [])];
    const foreign = otherPrefectureError(row, prefectureCode);
    if (foreign) refusals.push(foreign);
    const match = matchRow(row, matches);
    if ('error' in match) refusals.push(match.error);
    if (refusals.length) return refusedRow(row, refusals, 'project' in match ? (match.project?.id ?? null) : null);
    return judgeRow(row, (match as { project: null }).project);
  });
}

/**
 * Judges the rows inside the commit's transaction and writes those that passed: all of them in
 * one savepoint first (a few statements for the whole call), and only when that fails row by row,
 * each in its own savepoint, so a row that cannot be written is left out alone.
 */
async function commitRows(tx: EntityManager, rows: readonly LedgerRow[], origin: ImportOrigin): Promise<RowVerdict[]> {
  const verdicts = await judgeRows(tx, rows, origin.prefectureCode);
  const toWrite = verdicts.filter((verdict) => verdict.write);
  const writes = toWrite.map((verdict) => verdict.write!);
  try {
    const ids = await tx.transactional((savepoint) =>
      writeLedgerRows(savepoint, writes, origin, new ProjectIdAllocator(origin.prefectureCode)),
    );
    const written = new Map(toWrite.map((verdict, index) => [verdict, ids[index]]));
    return verdicts.map((verdict) =>
      written.has(verdict) ? { ...verdict, projectId: written.get(verdict)! } : verdict,
    );
  } catch {
    // Some row cannot be written: find which, writing each of the others on its own.
  }
  const ids = new ProjectIdAllocator(origin.prefectureCode);
  const applied: RowVerdict[] = [];
  for (const verdict of verdicts) {
    if (!verdict.write) {
      applied.push(verdict);
      continue;
    }
    const write = verdict.write;
    try {
      const [projectId] = await tx.transactional((savepoint) => writeLedgerRows(savepoint, [write], origin, ids));
      applied.push({ ...verdict, projectId });
    } catch (error) {
      applied.push(writeFailed(verdict, error));
    }
  }
  return applied;
}

/** A row that passed its checks but could not be written: rolled back to its savepoint, reported. */
function writeFailed(verdict: RowVerdict, error: unknown): RowVerdict {
  const detail = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : String(error);
  return {
    ...verdict,
    action: LedgerRowAction.ERROR,
    write: null,
    errors: [
      rowError(
        null,
        LedgerErrorCode.WRITE_FAILED,
        `该行未能写入（已回滚，其他行不受影响），请重新导入：${detail}`,
        `the row could not be written and was rolled back (the other rows were not); import it again: ${detail}`,
      ),
    ],
  };
}

function resultOf(dryRun: boolean, verdicts: readonly RowVerdict[]): LedgerImportResult {
  const count = (action: LedgerRowAction) => verdicts.filter((v) => v.action === action).length;
  const rows: LedgerRowResult[] = verdicts.map((v) => ({
    rowNumber: v.rowNumber,
    action: v.action,
    projectId: v.projectId,
    errors: v.errors,
  }));
  return {
    dryRun,
    created: count(LedgerRowAction.CREATE),
    updated: count(LedgerRowAction.UPDATE),
    unchanged: count(LedgerRowAction.UNCHANGED),
    failed: count(LedgerRowAction.ERROR),
    replayed: false,
    rows,
  };
}

function assertDistinctRowNumbers(rows: readonly LedgerRow[]): void {
  const seen = new Set<number>();
  for (const [index, row] of rows.entries()) {
    if (!Number.isInteger(row.rowNumber) || row.rowNumber < 1) {
      throw badInput(`input.rows.${index}.rowNumber`, 'must be a positive row number');
    }
    if (seen.has(row.rowNumber)) throw badInput(`input.rows.${index}.rowNumber`, `row ${row.rowNumber} appears twice`);
    seen.add(row.rowNumber);
  }
}
