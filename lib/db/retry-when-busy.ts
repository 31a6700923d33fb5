import { LockWaitTimeoutException } from '@mikro-orm/core';
import { setTimeout as sleep } from 'node:timers/promises';

/** How often, and how patiently, a write that met a locked SQLite database is tried again. */
export interface BusyRetryPolicy {
  /** Attempts in all. */
  readonly attempts: number;
  /** Wait before the second attempt; doubled each time, with jitter so writers do not collide again. */
  readonly firstDelayMs: number;
}

const DEFAULT_BUSY_RETRY: BusyRetryPolicy = { attempts: 6, firstDelayMs: 25 };

/** Whether a database error is SQLite's "database is locked" (SQLITE_BUSY), which passes by itself. */
function isDatabaseBusy(error: unknown): boolean {
  if (error instanceof LockWaitTimeoutException) return true;
  if (!(error instanceof Error)) return false;
  const code = 'code' in error ? error.code : undefined;
  return code === 'SQLITE_BUSY' || /database is locked|SQLITE_BUSY/.test(error.message);
}

/**
 * Runs `work` again when SQLite says the database is busy. The busy timeout already waits for a
 * lock; what still fails is a transaction that read before it wrote while another connection
 * committed (SQLite must refuse it at once), and that succeeds when simply run again. `work` must
 * therefore be a whole transaction, safe to repeat. Other errors, and the last busy one, pass on.
 */
export async function retryWhenBusy<T>(
  work: () => Promise<T>,
  policy: BusyRetryPolicy = DEFAULT_BUSY_RETRY,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseBusy(error) || attempt >= policy.attempts) throw error;
      await sleep(policy.firstDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
  }
}
