import type { GraphQLError } from 'graphql';
import { ErrorCode, hubError } from './errors.js';

/**
 * The Idempotency-Key of a write, as clients send it to the gateway and the gateway sends it to
 * the subgraphs (lower-case, as Node reads headers).
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The name clients know the header by, in every error's message and `extensions.field`. */
export const IDEMPOTENCY_KEY_FIELD = 'Idempotency-Key';

/** What a client may send: 1..200 printable ASCII characters. */
export const MAX_CLIENT_KEY_LENGTH = 200;

/**
 * What a subgraph accepts: a client key plus the response key of its field (GraphQL names are
 * short in practice; an alias long enough to pass this is refused rather than truncated).
 */
export const MAX_FIELD_KEY_LENGTH = 500;

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** The key when it is acceptable; a BAD_USER_INPUT naming the header otherwise (gateway and subgraphs alike). */
export function checkedIdempotencyKey(value: string, maxLength: number): string {
  const problem = idempotencyKeyProblem(value, maxLength);
  if (problem) throw idempotencyKeyRefusal(...problem);
  return value;
}

/** The refusal of a malformed key: HTTP 400, `extensions.field` the header's name, said in English and Chinese. */
export function idempotencyKeyRefusal(problem: string, problemZh: string): GraphQLError {
  return hubError(ErrorCode.BAD_USER_INPUT, `${IDEMPOTENCY_KEY_FIELD} header: ${problem}`, {
    field: IDEMPOTENCY_KEY_FIELD,
    messageZh: `${IDEMPOTENCY_KEY_FIELD} 请求头${problemZh}`,
    http: { status: 400 },
  });
}

/** Why `value` is not a usable key of at most `maxLength` characters ([English, Chinese]), or null when it is. */
function idempotencyKeyProblem(value: string, maxLength: number): [string, string] | null {
  if (value.length === 0 || value.length > maxLength)
    return [`must be 1 to ${maxLength} characters long`, `长度须为 1 至 ${maxLength} 个字符`];
  if (!PRINTABLE_ASCII.test(value))
    return ['must contain printable ASCII characters only', '只能包含可打印的 ASCII 字符'];
  return null;
}

/**
 * The key of one mutation field of a request: two aliased mutations of one request never share
 * a key, and a retry of the same request gives every field the key it had the first time.
 */
export function fieldIdempotencyKey(clientKey: string, responseKey: string): string {
  return `${clientKey}:${responseKey}`;
}
