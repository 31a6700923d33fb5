import { OptimisticLockError, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { ErrorCode, hubError } from '../../../lib/errors.js';

/**
 * Runs one mutation in a transaction: either everything it wrote commits, or nothing does.
 * Database-level conflicts become API errors with their own codes.
 */
export async function runWrite<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await em.transactional((tx) => work(tx as EntityManager));
  } catch (error) {
    if (error instanceof OptimisticLockError) {
      throw hubError(ErrorCode.VERSION_CONFLICT, 'the project was changed by someone else meanwhile; reload and retry');
    }
    if (error instanceof UniqueConstraintViolationException) {
      throw hubError(ErrorCode.BAD_USER_INPUT, 'this record already exists (duplicate key)', { field: 'input' });
    }
    throw error;
  }
}
