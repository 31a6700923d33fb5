import type { FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { ORDER_SPECS, type OrderSpec, type ProjectOrder } from '../../../schema/contract/project-order.js';
import type { ProjectCursor } from '../../../schema/contract/cursor.js';
import type { Project } from '../entities/index.js';

/** Sort fields that may hold null (the entity's nullable columns); the others are NOT NULL. */
export const NULLABLE_SORT_FIELDS: ReadonlySet<NonNullable<OrderSpec['field']>> = new Set(['signedOn']);

/**
 * Keyset pagination in the contract's order: sort key, then id, both in the order's direction,
 * rows without a sort value last. The gateway merges shard pages with the same rule
 * (`compareCursors`), so the two must never disagree.
 */
export function keysetOrderBy(order: ProjectOrder): QueryOrderMap<Project> {
  const spec = ORDER_SPECS[order];
  if (!spec.field) return { id: spec.direction };
  return { [spec.field]: `${spec.direction} nulls last`, id: spec.direction };
}

/**
 * A run of rows that is contiguous in the order, read with one query: `where` (none: every row)
 * in `orderBy`, which sorts the run exactly as the contract's order does.
 */
export interface KeysetSegment {
  readonly where: FilterQuery<Project> | null;
  readonly orderBy: QueryOrderMap<Project>;
}

/**
 * The rows of a page after the cursor (or from the start), as segments read one after another
 * until the page is full. Each segment orders by plain `field dir, id dir`, without `nulls last`,
 * so PostgreSQL can read it from the ascending (field, id) index in either direction (an index
 * scanned backwards gives `DESC NULLS FIRST`, which `DESC NULLS LAST` cannot use):
 * - a NOT NULL sort field has no nulls, so the plain order is the contract's order;
 * - a nullable one is read in two segments, its non-null rows and then its null rows (last in
 *   both directions), each holding no nulls or only nulls, so the nulls' place never matters.
 * After a cursor the condition is `field <= v and (field < v or id < c)` (for DESC): the first
 * half is a range the index scan starts at, the second filters the few rows with field = v;
 * an OR chain alone (`field < v or (field = v and id < c)`) made PostgreSQL scan from the start.
 */
export function keysetSegments(order: ProjectOrder, cursor: ProjectCursor | null): KeysetSegment[] {
  const spec = ORDER_SPECS[order];
  const dir = spec.direction;
  const beyond = dir === 'asc' ? '$gt' : '$lt';
  if (!spec.field) {
    return [{ where: cursor ? { id: { [beyond]: cursor.id } } : null, orderBy: { id: dir } }];
  }
  const field = spec.field;
  const orderBy = { [field]: dir, id: dir } as QueryOrderMap<Project>;
  const nullable = NULLABLE_SORT_FIELDS.has(field);
  const nullRows = (afterId?: string): KeysetSegment => ({
    where: afterId === undefined ? { [field]: null } : { [field]: null, id: { [beyond]: afterId } },
    orderBy,
  });
  if (cursor === null) {
    if (!nullable) return [{ where: null, orderBy }];
    return [{ where: { [field]: { $ne: null } }, orderBy }, nullRows()];
  }
  // A cursor on a null value: only null rows with a later id remain.
  if (cursor.value === null) return nullable ? [nullRows(cursor.id)] : [];
  const value = toDatabaseValue(spec.kind, cursor.value);
  const bound = dir === 'asc' ? '$gte' : '$lte';
  const afterValue = {
    [field]: { [bound]: value },
    $or: [{ [field]: { [beyond]: value } }, { id: { [beyond]: cursor.id } }],
  } as FilterQuery<Project>;
  return nullable ? [{ where: afterValue, orderBy }, nullRows()] : [{ where: afterValue, orderBy }];
}

/** The cursor of a row in the order; the row must hold the order's sort field. */
export function cursorOf(project: Pick<Project, 'id'> & Partial<Project>, order: ProjectOrder): ProjectCursor {
  const spec = ORDER_SPECS[order];
  const raw = spec.field ? project[spec.field] : null;
  let value: string | null = null;
  if (raw != null) value = raw instanceof Date ? String(raw.getTime()) : String(raw);
  return { order, value, id: project.id };
}

function toDatabaseValue(kind: string, value: string): unknown {
  if (kind === 'epochMillis') return new Date(Number(value));
  if (kind === 'fen') return BigInt(value);
  return value;
}
