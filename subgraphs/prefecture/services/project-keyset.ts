import type { FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { ORDER_SPECS, type ProjectOrder } from '../../../schema/contract/project-order.js';
import type { ProjectCursor } from '../../../schema/contract/cursor.js';
import type { Project } from '../entities/index.js';

/**
 * Keyset pagination in the contract's order: sort key, then id, both in the order's direction,
 * rows without a sort value last. The gateway merges shard pages with the same rule
 * (`compareCursors`), so the two must never disagree.
 */
export function keysetOrderBy(order: ProjectOrder): QueryOrderMap<Project> {
  const spec = ORDER_SPECS[order];
  if (!spec.field) return { id: spec.direction };
  return { [spec.field]: `${spec.direction} nulls last`, id: spec.direction } as QueryOrderMap<Project>;
}

/** Rows strictly after the cursor in the order. */
export function afterCursor(cursor: ProjectCursor): FilterQuery<Project> {
  const spec = ORDER_SPECS[cursor.order];
  const beyond = spec.direction === 'asc' ? '$gt' : '$lt';
  if (!spec.field) return { id: { [beyond]: cursor.id } } as FilterQuery<Project>;
  if (cursor.value === null) {
    return { [spec.field]: null, id: { [beyond]: cursor.id } } as FilterQuery<Project>;
  }
  const value = toDatabaseValue(spec.kind, cursor.value);
  return {
    $or: [
      { [spec.field]: { [beyond]: value } },
      { [spec.field]: value, id: { [beyond]: cursor.id } },
      { [spec.field]: null },
    ],
  } as FilterQuery<Project>;
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
