import { HUB_TOKEN_HEADER } from '../../schema/contract/actor.js';

/** Why a shard gave no usable answer. */
export type ShardFailure = 'TIMEOUT' | 'UNREACHABLE' | 'BAD_RESPONSE';

export class ShardCallError extends Error {
  constructor(readonly reason: ShardFailure, message: string) {
    super(message);
  }
}

export interface ShardResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface ShardRequest {
  readonly url: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly hubToken: string;
  readonly requestId?: string;
  readonly timeoutMs: number;
}

/**
 * POSTs one operation to a shard. Resolves with its GraphQL response (which may carry errors);
 * throws ShardCallError when the shard is down, too slow, or answers something that is not a
 * GraphQL response.
 */
export async function callShard(request: ShardRequest): Promise<ShardResponse> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        [HUB_TOKEN_HEADER]: request.hubToken,
        ...(request.requestId ? { 'x-request-id': request.requestId } : {}),
      },
      body: JSON.stringify({ query: request.query, variables: request.variables }),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    throw transportError(error, request.timeoutMs);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw transportError(error, request.timeoutMs);
    throw new ShardCallError('BAD_RESPONSE', `answered HTTP ${response.status} with a body that is not JSON`);
  }
  if (!isGraphQLResponse(body)) {
    throw new ShardCallError('BAD_RESPONSE', `answered HTTP ${response.status} with JSON that is not a GraphQL response`);
  }
  if (body.data === undefined && !response.ok) {
    const message = body.errors?.[0]?.message ?? 'no message';
    throw new ShardCallError('BAD_RESPONSE', `refused the request with HTTP ${response.status}: ${message}`);
  }
  return body;
}

function transportError(error: unknown, timeoutMs: number): ShardCallError {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new ShardCallError('TIMEOUT', `did not answer within ${timeoutMs} ms`);
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return new ShardCallError('UNREACHABLE', `is unreachable (${cause?.code ?? cause?.message ?? (error as Error)?.message})`);
}

function isGraphQLResponse(body: unknown): body is ShardResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { data, errors } = body as Record<string, unknown>;
  const dataOk = data === undefined || data === null || (typeof data === 'object' && !Array.isArray(data));
  const errorsOk = errors === undefined || (Array.isArray(errors) && errors.every((e) => typeof e?.message === 'string'));
  return dataOk && errorsOk && (data !== undefined || errors !== undefined);
}
