import type { EntityManager } from '@mikro-orm/knex';
import { retryWhenBusy } from '../../lib/db/retry-when-busy.js';

/**
 * Runs one change of the hub's settings (its setting rows and its audit entry) as a single
 * transaction, run again when SQLite reports the database busy: a metrics run of the workers may be
 * writing its results in another process at the same moment. All or nothing, so a retry repeats
 * nothing half done.
 */
export function changeSettings<T>(em: EntityManager, change: (tx: EntityManager) => Promise<T>): Promise<T> {
  return retryWhenBusy(() => em.transactional((tx) => change(tx as EntityManager)));
}
