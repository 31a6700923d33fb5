import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';

/** Inserts many rows in statements of bounded size (SQLite caps the variables per statement). */
export async function insertInChunks<T extends object>(em: EntityManager, entity: EntityName<T>, rows: readonly Partial<T>[], size = 400): Promise<void> {
  for (let start = 0; start < rows.length; start += size) {
    await em.insertMany(entity, rows.slice(start, start + size) as T[]);
  }
}
