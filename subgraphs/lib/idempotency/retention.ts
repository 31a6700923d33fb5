import type { EntityManager } from '@mikro-orm/knex';
import { IdempotencyRecord } from '../../../lib/db/idempotency-record.entity.js';

/** How long a key answers its retries: a client retrying later than this writes again. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Keys are purged every this many keyed writes of a process, so the table stays small without a timer. */
const PURGE_EVERY_WRITES = 200;

/** Deletes the keys older than the retention; returns how many. */
export async function purgeExpiredKeys(em: EntityManager, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS);
  return em.fork().nativeDelete(IdempotencyRecord, { createdAt: { $lt: cutoff } });
}

/** Counts keyed writes and says when the next purge is due. One per process (per database). */
export class PurgeSchedule {
  private writes = 0;

  /** True on every PURGE_EVERY_WRITES-th write, the first included (a restarted process cleans up at once). */
  due(): boolean {
    return this.writes++ % PURGE_EVERY_WRITES === 0;
  }
}
