import { ErrorCode } from '../../lib/errors.js';
import type { ShardError } from './shard-dispatch.js';

/** A shard's refusal of the caller's input itself: BAD_USER_INPUT on the root field, not deeper. */
const isInputRefusal = (error: ShardError) =>
  error.extensions?.code === ErrorCode.BAD_USER_INPUT && (error.path?.length ?? 0) <= 1;

/**
 * Relayed shard errors name their prefecture (shard-dispatch.ts). A refusal of the caller's input
 * loses it only when every shard asked refused alike (same message, path and field): then it is
 * about the input, whichever shard says it. One shard saying it alone keeps its prefecture, so a
 * lying shard cannot have its own text ("sign in again at …") shown to every caller of a
 * province-wide query as if the hub said it.
 */
export function unanimousInputRefusals(errors: readonly ShardError[], shardsAsked: number): ShardError[] {
  const saidBy = new Map<string, Set<unknown>>();
  const sameRefusal = (error: ShardError) => JSON.stringify([error.message, error.path, error.extensions?.field]);
  for (const error of errors.filter(isInputRefusal)) {
    const id = sameRefusal(error);
    saidBy.set(id, (saidBy.get(id) ?? new Set()).add(error.extensions?.prefecture));
  }
  return errors.map((error) => {
    if (!isInputRefusal(error) || (saidBy.get(sameRefusal(error))?.size ?? 0) < shardsAsked) return error;
    const { prefecture: _unattributed, ...extensions } = error.extensions ?? {};
    return { ...error, extensions };
  });
}
