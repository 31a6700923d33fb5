import type { EntityManager } from '@mikro-orm/knex';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { badInput, ErrorCode, hubError } from '../../../lib/errors.js';
import { IDEMPOTENCY_KEY_FIELD, MAX_FIELD_KEY_LENGTH } from '../../../lib/idempotency-key.js';
import { IdempotencyRecord } from '../../../lib/db/idempotency-record.entity.js';
import { requestHash } from './request-hash.js';
import { purgeExpiredKeys, PurgeSchedule } from './retention.js';

/** Whose key: the caller's subject and the key of the mutation field. */
interface IdempotencyScope {
  readonly subject: string;
  readonly key: string;
}

/** One mutation as the idempotency store sees it. */
export interface IdempotentWrite<T> {
  /** Null when the request carried no key (in-process calls, tests): the write runs without dedupe. */
  readonly scope: IdempotencyScope | null;
  /** The mutation field, e.g. `recordFunding`. */
  readonly operation: string;
  /** The field's arguments as parsed; a retry must carry the same ones. */
  readonly args: unknown;
  /** What to keep of the first answer, as JSON (an entity's id, or the answer itself). */
  readonly save: (result: T) => unknown;
  /** Rebuilds the answer from what `save` kept, inside the retry's transaction. */
  readonly replay: (em: EntityManager, saved: unknown) => Promise<T>;
}

/** Thrown inside the write's transaction when a concurrent first attempt committed the key first. */
class KeyTakenMeanwhile extends Error {}

const purges = new WeakMap<object, PurgeSchedule>();

/**
 * Runs `work` in a transaction, at most once per (caller, key): the key is looked up inside the
 * transaction; a retry with the same request answers the first outcome without writing, one with
 * another request is refused; a first attempt writes and records its key in the same transaction.
 * When two first attempts race, the key's primary key lets one commit; the other is rolled back
 * and answers the winner's outcome.
 */
export async function runIdempotent<T>(
  em: EntityManager,
  write: IdempotentWrite<T>,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  const { scope } = write;
  if (!scope) return em.transactional(work);
  if (scope.key.length > MAX_FIELD_KEY_LENGTH) {
    const limit = MAX_FIELD_KEY_LENGTH;
    throw badInput(IDEMPOTENCY_KEY_FIELD, `with the field's alias, must be at most ${limit} characters long`);
  }
  const hash = requestHash(write.operation, write.args);
  let result: T;
  try {
    result = await em.transactional(async (tx) => {
      const earlier = await tx.findOne(IdempotencyRecord, { subject: scope.subject, key: scope.key });
      if (earlier) return answerAgain(tx, earlier, write, hash);
      const answer = await work(tx);
      await recordKey(tx, scope, write.operation, hash, write.save(answer));
      return answer;
    });
  } catch (error) {
    if (!(error instanceof KeyTakenMeanwhile)) throw error;
    return em.transactional(async (tx) => {
      const winner = await tx.findOneOrFail(IdempotencyRecord, { subject: scope.subject, key: scope.key });
      return answerAgain(tx, winner, write, hash);
    });
  }
  await purgeWhenDue(em);
  return result;
}

async function recordKey(
  tx: EntityManager,
  scope: IdempotencyScope,
  operation: string,
  hash: string,
  saved: unknown,
): Promise<void> {
  try {
    await tx.insert(IdempotencyRecord, {
      subject: scope.subject,
      key: scope.key,
      operation,
      requestHash: hash,
      outcome: JSON.stringify(saved ?? null),
      createdAt: new Date(),
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) throw new KeyTakenMeanwhile();
    throw error;
  }
}

function answerAgain<T>(
  tx: EntityManager,
  earlier: IdempotencyRecord,
  write: IdempotentWrite<T>,
  hash: string,
): Promise<T> {
  if (earlier.operation !== write.operation || earlier.requestHash !== hash) {
    throw hubError(
      ErrorCode.IDEMPOTENCY_KEY_REUSED,
      `${IDEMPOTENCY_KEY_FIELD}: this key was used for a different request ` +
        `(${earlier.operation} with other arguments); send a new key for a new request`,
      { field: IDEMPOTENCY_KEY_FIELD },
    );
  }
  return write.replay(tx, JSON.parse(earlier.outcome));
}

/** Old keys go now and then, after a write committed; a failed purge costs nothing but a later one. */
async function purgeWhenDue(em: EntityManager): Promise<void> {
  const owner = em.getConnection();
  let schedule = purges.get(owner);
  if (!schedule) purges.set(owner, (schedule = new PurgeSchedule()));
  if (!schedule.due()) return;
  await purgeExpiredKeys(em).catch(() => 0);
}
