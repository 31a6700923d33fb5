import { CONTRACT_CLIENT_ERROR_CODES, ErrorCode } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { callShard, ShardCallError, type ShardResponse } from '../shards/shard-client.js';
import type { ShardCallLimiter } from '../shards/shard-call-limiter.js';
import type { ShardCallMetrics, ShardCallOutcome } from '../observability/gateway-metrics.js';
import type { ShardRegistry, ShardStatus } from '../shards/shard-registry.js';
import type { RequestCache } from '../cache/request-cache.js';

/** A GraphQL error as it goes back to the gateway's executor. */
export interface ShardError {
  message: string;
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

/** What one gateway request needs to call shards. */
export interface DispatchContext {
  readonly registry: ShardRegistry;
  readonly timeoutMs: number;
  /** How long one importLedgerRows call (a chunk of up to 1000 rows) may take: LEDGER_SHARD_TIMEOUT_MS. */
  readonly ledgerTimeoutMs: number;
  /** Bounds the calls in flight per shard (back-pressure). */
  readonly limiter: ShardCallLimiter;
  /** Mints the single-use token of one shard call, for that shard's prefecture only. */
  readonly hubTokenFor: (audience: string) => Promise<string>;
  readonly requestId?: string;
  /** The request's Idempotency-Key (the client's, or generated); each mutation field sends its own derivation. */
  readonly idempotencyKey: string;
  readonly logger: Logger;
  /** Latency of every shard call, per prefecture (gateway /metrics). */
  readonly metrics?: ShardCallMetrics;
  /** The request's view of the gateway cache; absent when the cache is off. */
  readonly cache?: RequestCache;
}

/** Why a shard's answer does not fit what it was asked (see answer-conformance.ts), or null. */
export type AnswerCheck = (response: ShardResponse) => string | null;

export type ShardOutcome =
  | { readonly ok: true; readonly code: string; readonly response: ShardResponse }
  | {
      readonly ok: false;
      readonly code: string;
      readonly error: ShardError;
      /** Whether the shard may have received the request (and applied it, if a write). */
      readonly mayHaveArrived: boolean;
    };

/** How one call is checked and keyed. */
export interface DispatchOptions {
  /** Refuses an answer that is not what was asked (then BAD_RESPONSE, the shard's failure). */
  readonly check?: AnswerCheck;
  /** A mutation field's key, sent as the `idempotency-key` header. */
  readonly idempotencyKey?: string;
  /** This call's timeout instead of the shard timeout (a bulk call that is slow by design). */
  readonly timeoutMs?: number;
}

/**
 * Sends one operation (`body`, from `shardRequestBody`) to one prefecture's shard. Never throws
 * for the shard's sake: an unknown, unregistered, excluded, down, slow, overloaded or garbled
 * shard becomes an error naming the prefecture, so the other prefectures' answers still go out.
 * An answer `check` refuses is garbled too (BAD_RESPONSE, the shard's failure). A mutation field
 * passes its `idempotencyKey` (sent as a header).
 *
 * A read (no idempotency key) is looked up in the fragment cache first, keyed by the prefecture,
 * its data version, the caller scope and `body`; a complete answer (no errors, the check passed)
 * is kept. A shard that is not routable is never answered from the cache.
 */
export async function dispatch(
  ctx: DispatchContext,
  code: string,
  body: string,
  errorPath: (string | number)[],
  { check, idempotencyKey, timeoutMs = ctx.timeoutMs }: DispatchOptions = {},
): Promise<ShardOutcome> {
  if (!ctx.registry.has(code)) {
    const extensions = { code: ErrorCode.UNKNOWN_PREFECTURE, prefecture: code };
    const error = { message: `no prefecture ${code} is known to the hub`, path: errorPath, extensions };
    return { ok: false, code, error, mayHaveArrived: false };
  }
  const shard = ctx.registry.get(code)!;
  if (!ctx.registry.routable(code)) {
    const error = unavailable(ctx, code, shard.state, whyNotRoutable(shard), errorPath);
    return { ok: false, code, error, mayHaveArrived: false };
  }
  const lookup = idempotencyKey === undefined && ctx.cache ? await ctx.cache.fragment(code, body) : null;
  if (lookup && 'hit' in lookup) return { ok: true, code, response: lookup.hit };
  const queued = performance.now();
  let sent = queued;
  try {
    const response = await ctx.limiter.run(code, async () => {
      sent = performance.now();
      const hubToken = await ctx.hubTokenFor(code);
      return callShard({ url: shard.url!, body, hubToken, requestId: ctx.requestId, idempotencyKey, timeoutMs });
    });
    // The shard's own time: a wait for a free slot says nothing about the shard.
    const ms = performance.now() - sent;
    const problem = check?.(response) ?? null;
    if (problem) {
      ctx.registry.recordRequest(code, ms, `answered what was not asked: ${problem}`);
      ctx.metrics?.observeShardCall(code, ms / 1000, 'bad_response');
      const log = { prefecture: code, reason: 'BAD_RESPONSE', err: problem, requestId: ctx.requestId };
      ctx.logger.warn(log, 'shard left out of an answer');
      const why = `its subgraph answered what was not asked: ${problem}`;
      // The shard did answer: a write it was sent may well have been applied.
      return { ok: false, code, error: unavailable(ctx, code, 'BAD_RESPONSE', why, errorPath), mayHaveArrived: true };
    }
    ctx.registry.recordRequest(code, ms, null);
    ctx.metrics?.observeShardCall(code, ms / 1000, 'ok');
    if (lookup) lookup.keep(response);
    response.errors = response.errors?.map((error) => attribute(ctx, code, error));
    return { ok: true, code, response };
  } catch (error) {
    if (!(error instanceof ShardCallError)) throw error;
    if (error.reason === 'OVERLOADED') {
      // Never sent: the hub is busy, the shard is not sick, so its state stays as it is.
      ctx.metrics?.observeShardCall(code, (performance.now() - queued) / 1000, 'overloaded');
    } else {
      ctx.registry.recordRequest(code, performance.now() - sent, error.message);
      ctx.metrics?.observeShardCall(
        code,
        (performance.now() - sent) / 1000,
        error.reason.toLowerCase() as ShardCallOutcome,
      );
    }
    const { reason, message: err, detail } = error;
    ctx.logger.warn({ prefecture: code, reason, err, detail, requestId: ctx.requestId }, 'shard left out of an answer');
    const failure = unavailable(ctx, code, error.reason, `its subgraph ${error.message}`, errorPath);
    return { ok: false, code, error: failure, mayHaveArrived: error.mayHaveArrived };
  }
}

function whyNotRoutable(shard: ShardStatus): string {
  if (shard.state === 'INCOMPATIBLE') return `its subgraph is excluded: ${shard.lastError}`;
  if (shard.state === 'DOWN') return `its subgraph did not pass its check: ${shard.lastError}`;
  return 'no subgraph URL is registered for it';
}

/** Longest shard message relayed to a client; a longer one is cut. */
const MAX_RELAYED_MESSAGE = 500;

/**
 * What a client sees of an error a shard returned. A client error of the contract keeps the
 * shard's message (bounded, control characters stripped) and its `field`, and names the
 * prefecture (a refusal of the caller's input every shard asked agrees on loses it later, see
 * input-refusals.ts). Anything else (internal, unknown or no code) is the shard's failure:
 * PREFECTURE_UNAVAILABLE with a generic message, and the shard's own text (a stack, a path, SQL)
 * goes to the log with the request id, never to the client.
 */
function attribute(ctx: DispatchContext, code: string, error: ShardError): ShardError {
  const shardCode = error.extensions?.code;
  if (typeof shardCode === 'string' && CONTRACT_CLIENT_ERROR_CODES.has(shardCode)) {
    const field = error.extensions?.field;
    const extensions: Record<string, unknown> = {
      code: shardCode,
      ...(typeof field === 'string' ? { field: relayable(field) } : {}),
      prefecture: code,
    };
    return { message: relayable(error.message), ...(error.path ? { path: error.path } : {}), extensions };
  }
  ctx.logger.warn({ prefecture: code, requestId: ctx.requestId, shardError: error }, 'shard error not relayed');
  return {
    message: `prefecture ${ctx.registry.describe(code)} failed to answer (its subgraph reported an internal error); its data is missing from this answer`,
    ...(error.path ? { path: error.path } : {}),
    extensions: { code: ErrorCode.PREFECTURE_UNAVAILABLE, prefecture: code, reason: 'SHARD_ERROR' },
  };
}

/** A shard's text as it may reach a client: no control characters, bounded length. */
function relayable(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is this pattern's job.
  const clean = text.replace(/[\u0000-\u001F\u007F-\u009F]+/g, ' ');
  return clean.length > MAX_RELAYED_MESSAGE ? `${clean.slice(0, MAX_RELAYED_MESSAGE)}…` : clean;
}

function unavailable(
  ctx: DispatchContext,
  code: string,
  reason: string,
  why: string,
  path: (string | number)[],
): ShardError {
  return {
    message: `prefecture ${ctx.registry.describe(code)} is unavailable (${why}); its data is missing from this answer`,
    path,
    extensions: { code: ErrorCode.PREFECTURE_UNAVAILABLE, prefecture: code, reason },
  };
}
