import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { bulkInsert } from '../../db/bulk-insert.js';

/**
 * Inserts many rows with bound multi-row INSERTs (a nightly run writes tens of thousands of flag
 * rows; MikroORM's insertMany inlines every value as SQL text, several times slower).
 */
export async function insertInChunks<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  rows: readonly Partial<T>[],
): Promise<void> {
  await bulkInsert(em, entity as { name: string }, rows);
}
