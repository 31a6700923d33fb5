import { isIsoDate } from '../../lib/calendar.js';
import { textProblem } from '../../lib/text-rules.js';
import { decodeCursor, InvalidCursorError } from '../../schema/contract/cursor.js';
import { ORDER_SPECS, type ProjectOrder } from '../../schema/contract/project-order.js';

/** Largest epoch-ms a JavaScript Date (and so a shard's `updatedAt` comparison) can hold. */
const MAX_DATE_MS = 8.64e15;

/**
 * Why a client's `after` cursor cannot be sent to the shards, or null. The contract's decoding
 * checks only the cursor's shape; a crafted cursor of the right shape (an id with a NUL, a date
 * that does not exist, a timestamp no Date can hold) made every shard fail with an internal
 * error, so the caller's mistake came back as every prefecture unavailable. A cursor the contract
 * refuses is refused here too: one error naming the field, and no shard asked.
 */
export function cursorArgumentProblem(after: string, orderBy: ProjectOrder): string | null {
  let cursor;
  try {
    cursor = decodeCursor(after, orderBy);
  } catch (error) {
    if (error instanceof InvalidCursorError) return error.message;
    throw error;
  }
  const idProblem = textProblem(cursor.id);
  if (idProblem) return `the cursor's project id ${idProblem}`;
  if (cursor.value === null) return null;
  const kind = ORDER_SPECS[cursor.order].kind;
  if (kind === 'isoDate' && !isIsoDate(cursor.value)) return 'the cursor holds a date that does not exist';
  if (kind === 'epochMillis' && Math.abs(Number(cursor.value)) > MAX_DATE_MS) {
    return 'the cursor holds a time beyond any date';
  }
  return null;
}
