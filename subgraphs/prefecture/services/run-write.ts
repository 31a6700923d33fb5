import {
  OptimisticLockError,
  UniqueConstraintViolationException,
  type EntityClass,
  type FilterQuery,
} from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { ErrorCode, hubError } from '../../../lib/errors.js';
import { runIdempotent } from '../../lib/idempotency/idempotent-write.js';
import type { PrefectureContext } from '../context.js';

/** A mutation as the idempotency store knows it: its name, its arguments and what it answers. */
export interface WriteRequest<T extends { id: string | number }> {
  /** The mutation field, e.g. `recordFunding`. */
  readonly operation: string;
  /** Its arguments as parsed (a retry with the same key must carry the same ones). */
  readonly args: unknown;
  /** The entity it answers: a retry answers it again, re-read by the id the first attempt stored. */
  readonly answers: EntityClass<T>;
}

/**
 * Runs one mutation in a transaction, at most once per Idempotency-Key of its caller (see
 * runIdempotent): either everything it wrote commits, with its key, or nothing does.
 * Database-level conflicts become API errors with their own codes.
 */
export async function runWrite<T extends { id: string | number }>(
  ctx: PrefectureContext,
  request: WriteRequest<T>,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  try {
    return await keyedTransaction(ctx, request, work);
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

/** runWrite without its mapping of database errors, for a caller that handles them itself. */
export function keyedTransaction<T extends { id: string | number }>(
  ctx: PrefectureContext,
  request: WriteRequest<T>,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  return runIdempotent(
    ctx.em,
    {
      scope: ctx.idempotencyKey === null ? null : { subject: ctx.actor.subject, key: ctx.idempotencyKey },
      operation: request.operation,
      args: request.args,
      save: (result) => ({ id: result.id }),
      // `saved` is the JSON `save` wrote: the id of the entity of type T the first attempt answered.
      replay: (em, saved) => em.findOneOrFail(request.answers, saved as FilterQuery<T>),
    },
    work,
  );
}
