import type { EntityManager } from '@mikro-orm/knex';
import { writeTransaction } from '../../db/write-transaction.js';

/**
 * Runs one change of the hub's settings (its setting rows and its audit entry) as a single write
 * transaction: a metrics run of the workers may be writing its results in another process at the
 * same moment, and on SQLite a busy database is waited for and retried, not reported as a failure.
 * All or nothing, so a retry repeats nothing half done.
 */
export function changeSettings<T>(em: EntityManager, change: (tx: EntityManager) => Promise<T>): Promise<T> {
  return writeTransaction(em, change);
}
