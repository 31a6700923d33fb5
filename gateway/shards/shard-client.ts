import http from 'node:http';
import https from 'node:https';
import { CONTRACT_CLIENT_ERROR_CODES } from '../../lib/errors.js';
import { HUB_TOKEN_HEADER } from '../../schema/contract/hub-credential.js';
import { IDEMPOTENCY_KEY_HEADER } from '../../lib/idempotency-key.js';

/** Why a shard gave no usable answer. */
export type ShardFailure = 'TIMEOUT' | 'UNREACHABLE' | 'BAD_RESPONSE' | 'OVERLOADED';

/** Failures of a connection that never reached the shard: a write sent this way was not applied. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export class ShardCallError extends Error {
  /**
   * `message` may reach clients and the shard table, so it never quotes the shard; `detail` holds
   * what the shard said (for the log only). `mayHaveArrived`: whether the shard may have received
   * (and so applied) the request — false only when it certainly did not (never sent, connection
   * refused); a write's outcome is unknown otherwise.
   */
  constructor(
    readonly reason: ShardFailure,
    message: string,
    readonly detail?: string,
    readonly mayHaveArrived: boolean = reason !== 'OVERLOADED',
  ) {
    super(message);
  }
}

export interface ShardResponse {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface ShardRequest {
  readonly url: string;
  /** The JSON body `{ query, variables }`; a fan-out serializes it once for every shard. */
  readonly body: string;
  readonly hubToken: string;
  readonly requestId?: string;
  /** The Idempotency-Key of a mutation field (see lib/idempotency-key.ts); absent on reads. */
  readonly idempotencyKey?: string;
  readonly timeoutMs: number;
}

/** A shard answer larger than this is refused as garbage (a nightly 500-row page is ~1 MiB). */
export const MAX_SHARD_RESPONSE_BYTES = 32 * 1024 * 1024;

// Kept-alive connections per shard: a fan-out pays no TCP handshake, and node:http costs about
// half the CPU per call of `fetch` (undici), which adds up over sixteen calls per request.
// Idle connections are dropped after 4 s, before Node servers' 5 s keep-alive timeout, so a call
// never goes out on a connection the shard is closing at that moment.
const AGENT_OPTIONS = { keepAlive: true, timeout: 4_000, scheduling: 'lifo' } as const;
const agents = { 'http:': new http.Agent(AGENT_OPTIONS), 'https:': new https.Agent(AGENT_OPTIONS) };

/** The body of a request for `query` with `variables`, as `callShard` sends it. */
export function shardRequestBody(query: string, variables?: Record<string, unknown>): string {
  return JSON.stringify({ query, variables });
}

/**
 * POSTs one operation to a shard. Resolves with its GraphQL response (which may carry errors, or
 * be an HTTP 400 refusing the caller's input with client errors only);
 * throws ShardCallError when the shard is down, answers later than `timeoutMs` (headers and whole
 * body), or answers something that is not a GraphQL response.
 */
export function callShard(request: ShardRequest): Promise<ShardResponse> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return reject(new ShardCallError('UNREACHABLE', `has no valid URL (${request.url})`, undefined, false));
    }
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) {
      return reject(
        new ShardCallError('UNREACHABLE', `has a URL that is not http(s): ${request.url}`, undefined, false),
      );
    }
    let current: http.ClientRequest | null = null;
    const timer = setTimeout(() => {
      current?.destroy();
      settle(new ShardCallError('TIMEOUT', `did not answer within ${request.timeoutMs} ms`));
    }, request.timeoutMs);
    function settle(error: ShardCallError | null, value?: ShardResponse): void {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(value!);
    }
    const send = (mayRetry: boolean): void => {
      try {
        current = (url.protocol === 'https:' ? https : http).request(url, {
          method: 'POST',
          agent,
          headers: headersOf(request),
        });
      } catch (error) {
        return settle(
          new ShardCallError('UNREACHABLE', `could not be called (${(error as Error).message})`, undefined, false),
        );
      }
      const req = current;
      let answered = false;
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the shard closed just as this call went out on it (a restart,
        // its idle timeout): nothing reached the shard, so the call goes out once more on a fresh one.
        if (mayRetry && !answered && req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE'))
          return send(false);
        const neverConnected = !answered && NOT_CONNECTED.has(error.code ?? '');
        settle(
          new ShardCallError(
            'UNREACHABLE',
            `is unreachable (${error.code ?? error.message})`,
            undefined,
            !neverConnected,
          ),
        );
      });
      req.on('response', (response) => {
        answered = true;
        readAnswer(req, response, settle);
      });
      req.end(request.body);
    };
    send(true);
  });
}

function headersOf(request: ShardRequest): http.OutgoingHttpHeaders {
  return {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(request.body),
    accept: 'application/graphql-response+json, application/json',
    [HUB_TOKEN_HEADER]: request.hubToken,
    ...(request.requestId ? { 'x-request-id': request.requestId } : {}),
    ...(request.idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: request.idempotencyKey } : {}),
  };
}

/** Reads a shard's answer up to MAX_SHARD_RESPONSE_BYTES and settles the call with it. */
function readAnswer(
  req: http.ClientRequest,
  response: http.IncomingMessage,
  settle: (error: ShardCallError | null, value?: ShardResponse) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_SHARD_RESPONSE_BYTES) {
      req.destroy();
      settle(new ShardCallError('BAD_RESPONSE', `answered more than ${MAX_SHARD_RESPONSE_BYTES / 1024 / 1024} MiB`));
      return;
    }
    chunks.push(chunk);
  });
  response.on('error', (error: NodeJS.ErrnoException) =>
    settle(new ShardCallError('UNREACHABLE', `broke off its answer (${error.code ?? error.message})`)),
  );
  response.on('end', () => {
    try {
      settle(null, interpret(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
    } catch (error) {
      settle(error as ShardCallError);
    }
  });
}

function interpret(status: number, text: string): ShardResponse {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ShardCallError('BAD_RESPONSE', `answered HTTP ${status} with a body that is not JSON`);
  }
  if (!isGraphQLResponse(body)) {
    throw new ShardCallError('BAD_RESPONSE', `answered HTTP ${status} with JSON that is not a GraphQL response`);
  }
  if (body.data === undefined && (status < 200 || status > 299)) {
    // The shard refused the caller's input (say, variables it cannot coerce): a correct answer.
    if (status === 400 && refusesInput(body)) return body;
    throw new ShardCallError('BAD_RESPONSE', `refused the request with HTTP ${status}`, body.errors?.[0]?.message);
  }
  return body;
}

/** Whether every error of a refusal is a client error of the contract (see CONTRACT_CLIENT_ERROR_CODES). */
function refusesInput(body: ShardResponse): boolean {
  const errors = body.errors ?? [];
  return errors.length > 0 && errors.every((error) => CONTRACT_CLIENT_ERROR_CODES.has(String(error.extensions?.code)));
}

function isGraphQLResponse(body: unknown): body is ShardResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { data, errors } = body as Record<string, unknown>;
  const dataOk = data === undefined || data === null || (typeof data === 'object' && !Array.isArray(data));
  const errorsOk =
    errors === undefined ||
    (Array.isArray(errors) &&
      errors.every(
        (e: unknown) => typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string',
      ));
  return dataOk && errorsOk && (data !== undefined || errors !== undefined);
}
