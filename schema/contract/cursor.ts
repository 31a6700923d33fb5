import { isIsoDate } from '../../lib/calendar.js';
import { ORDER_SPECS, ProjectOrder, type SortValueKind } from './project-order.js';

/**
 * Keyset cursor of the `projects` connection: base64url of JSON `[order, sortValue, id]`.
 * Clients treat it as opaque; the gateway and shards rely on this format to merge pages of
 * different shards in one global order without fetching extra fields.
 *
 * Sort values are strings so that money (fen, beyond 2^53) and dates survive JSON exactly;
 * null means the row has no sort value (it sorts after every row that has one).
 */
export interface ProjectCursor {
  readonly order: ProjectOrder;
  readonly value: string | null;
  readonly id: string;
}

export class InvalidCursorError extends Error {}

export function encodeCursor(cursor: ProjectCursor): string {
  return Buffer.from(JSON.stringify([cursor.order, cursor.value, cursor.id])).toString('base64url');
}

export function decodeCursor(text: string, expectedOrder: ProjectOrder): ProjectCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('the cursor is not one this API issued');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    !(parsed[1] === null || typeof parsed[1] === 'string') ||
    typeof parsed[2] !== 'string' ||
    !(parsed[0] in ORDER_SPECS)
  ) {
    throw new InvalidCursorError('the cursor is not one this API issued');
  }
  const [order, value, id] = parsed as [ProjectOrder, string | null, string];
  if (order !== expectedOrder) {
    throw new InvalidCursorError(`the cursor belongs to order ${order}, not ${expectedOrder}`);
  }
  if (value !== null && !isValidSortValue(ORDER_SPECS[order].kind, value)) {
    throw new InvalidCursorError('the cursor holds a malformed sort value');
  }
  return { order, value, id };
}

function isValidSortValue(kind: SortValueKind, value: string): boolean {
  switch (kind) {
    case 'isoDate':
      return isIsoDate(value);
    case 'epochMillis':
    case 'fen':
      return /^-?\d{1,19}$/.test(value);
    case 'none':
      return false;
  }
}

function compareValues(kind: SortValueKind, a: string, b: string): number {
  if (kind === 'isoDate') return a < b ? -1 : a > b ? 1 : 0;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Total order of two cursors of the same order, as the shards sort rows: negative when `a` comes
 * first. Ids compare by UTF-16 code units, which for the ASCII ids equals byte order (SQLite BINARY,
 * PostgreSQL "C" collation).
 */
export function compareCursors(a: ProjectCursor, b: ProjectCursor): number {
  const spec = ORDER_SPECS[a.order];
  const sign = spec.direction === 'asc' ? 1 : -1;
  if (spec.kind !== 'none') {
    if (a.value === null && b.value !== null) return 1;
    if (a.value !== null && b.value === null) return -1;
    if (a.value !== null && b.value !== null) {
      const c = compareValues(spec.kind, a.value, b.value);
      if (c !== 0) return sign * c;
    }
  }
  return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
