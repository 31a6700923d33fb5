import { HIDDEN_TOTAL } from './connection-merge.js';
import type { AnswerCheck } from './shard-dispatch.js';

const INT_MAX = 2 ** 31 - 1;

/**
 * The check that a fanned-out answer's counts cannot overflow once added: the gateway sums the
 * Ints of `shards` answers (a SUM field's leaves, a page's totalCount), and the contract's Int is
 * 32 bits. One lying shard answering 2^31 - 1 would otherwise push the sum past it, and the client
 * would get a value its Int cannot hold, breaking the answer of every prefecture. So each shard's
 * count may be at most a `shards`-th of the largest Int (with 16 prefectures, 134 million
 * projects each); a larger one is a BAD_RESPONSE of that shard alone.
 */
export function sumBoundCheck(shards: number, kind: 'SUM' | 'CONNECTION', key: string): AnswerCheck {
  const bound = Math.floor(INT_MAX / Math.max(shards, 1));
  return (response) => {
    const value = response.data?.[key];
    if (value === null || typeof value !== 'object') return null;
    if (kind === 'SUM') return countProblem(value, bound, key);
    return countProblem((value as Record<string, unknown>)[HIDDEN_TOTAL], bound, `${key}.totalCount`);
  };
}

/** The first number in `value` (an object's leaves, recursively) beyond ±bound, or null. */
function countProblem(value: unknown, bound: number, where: string): string | null {
  if (typeof value === 'number') {
    return Math.abs(value) > bound ? `${where} is ${value}, more than a prefecture's share of an Int (${bound})` : null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  for (const [name, item] of Object.entries(value)) {
    const problem = countProblem(item, bound, `${where}.${name}`);
    if (problem) return problem;
  }
  return null;
}

/** Both checks: the first problem found, or null. */
export function bothChecks(first: AnswerCheck, second: AnswerCheck): AnswerCheck {
  return (response) => first(response) ?? second(response);
}
