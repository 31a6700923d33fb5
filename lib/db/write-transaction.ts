import type { EntityManager } from '@mikro-orm/knex';
import { retryWhenBusy } from './retry-when-busy.js';

/**
 * Runs `work` as one write transaction that holds up under another process writing the same
 * SQLite file (the province subgraph and the workers share the hub database in embedded mode).
 *
 * SQLite starts a transaction without locks; one that reads and then writes while another
 * connection writes gets SQLITE_BUSY at once, without waiting out the busy timeout (waiting could
 * deadlock). So the transaction first claims the write lock with a statement that writes nothing,
 * before any read: that claim waits for the lock like any plain write. A busy error that still
 * comes through (the timeout ran out) runs the whole transaction again, a bounded number of times.
 * On PostgreSQL the claim is a no-op. `work` must be safe to run again.
 */
export function writeTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return retryWhenBusy(() =>
    em.transactional(async (tx) => {
      // Every subgraph database has the migrations table; `1 = 0` is false in both dialects.
      await tx.execute('update mikro_orm_migrations set id = id where 1 = 0', [], 'run');
      return work(tx);
    }),
  );
}
