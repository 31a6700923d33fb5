import { ErrorCode } from '../../lib/errors.js';
import type { ShardError, ShardOutcome } from './shard-dispatch.js';

/**
 * The error of a mutation whose shard gave no answer. When the request may have reached the shard
 * (a timeout, a connection broken after sending, a garbled answer) the write may have been applied:
 * WRITE_OUTCOME_UNKNOWN, with the key to retry under, never PREFECTURE_UNAVAILABLE (which tells a
 * client nothing was done). When it certainly did not, the shard's error stays, with the key too.
 */
export function writeFailure(outcome: ShardOutcome & { ok: false }, idempotencyKey: string): ShardError {
  const { error } = outcome;
  if (!outcome.mayHaveArrived) return { ...error, extensions: { ...error.extensions, idempotencyKey } };
  return {
    message:
      `${error.message.replace(/; its data is missing from this answer$/, '')}; ` +
      'the write may or may not have been applied: send the same request again with the header ' +
      `Idempotency-Key: ${idempotencyKey} (it is applied at most once)`,
    path: error.path,
    extensions: { ...error.extensions, code: ErrorCode.WRITE_OUTCOME_UNKNOWN, idempotencyKey },
  };
}
