import { ErrorCode } from '../../lib/errors.js';
import type { Logger } from '../../lib/logger.js';
import { callShard, ShardCallError, type ShardResponse } from '../shards/shard-client.js';
import type { ShardCallLimiter } from '../shards/shard-call-limiter.js';
import type { ShardCallMetrics, ShardCallOutcome } from '../observability/gateway-metrics.js';
import type { ShardRegistry, ShardStatus } from '../shards/shard-registry.js';

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
  /** Bounds the calls in flight per shard (back-pressure). */
  readonly limiter: ShardCallLimiter;
  /** Mints the single-use token of one shard call. */
  readonly hubToken: () => Promise<string>;
  readonly requestId?: string;
  /** The request's Idempotency-Key (the client's, or generated); each mutation field sends its own derivation. */
  readonly idempotencyKey: string;
  readonly logger: Logger;
  /** Latency of every shard call, per prefecture (gateway /metrics). */
  readonly metrics?: ShardCallMetrics;
}

export type ShardOutcome =
  | { readonly ok: true; readonly code: string; readonly response: ShardResponse }
  | {
    readonly ok: false;
    readonly code: string;
    readonly error: ShardError;
    /** Whether the shard may have received the request (and applied it, if a write). */
    readonly mayHaveArrived: boolean;
  };

/**
 * Sends one operation (`body`, from `shardRequestBody`) to one prefecture's shard. Never throws
 * for the shard's sake: an unknown, unregistered, excluded, down, slow, overloaded or garbled
 * shard becomes an error naming the prefecture, so the other prefectures' answers still go out.
 * A mutation field passes its `idempotencyKey` (sent as a header).
 */
export async function dispatch(
  ctx: DispatchContext,
  code: string,
  body: string,
  errorPath: (string | number)[],
  idempotencyKey?: string,
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
  const queued = performance.now();
  let sent = queued;
  try {
    const response = await ctx.limiter.run(code, async () => {
      sent = performance.now();
      const hubToken = await ctx.hubToken();
      const { requestId, timeoutMs } = ctx;
      return callShard({ url: shard.url!, body, hubToken, requestId, idempotencyKey, timeoutMs });
    });
    // The shard's own time: a wait for a free slot says nothing about the shard.
    const ms = performance.now() - sent;
    ctx.registry.recordRequest(code, ms, null);
    ctx.metrics?.observeShardCall(code, ms / 1000, 'ok');
    response.errors = response.errors?.map((error) => attribute(ctx, code, error));
    return { ok: true, code, response };
  } catch (error) {
    if (!(error instanceof ShardCallError)) throw error;
    if (error.reason === 'OVERLOADED') {
      // Never sent: the hub is busy, the shard is not sick, so its state stays as it is.
      ctx.metrics?.observeShardCall(code, (performance.now() - queued) / 1000, 'overloaded');
    } else {
      ctx.registry.recordRequest(code, performance.now() - sent, error.message);
      ctx.metrics?.observeShardCall(code, (performance.now() - sent) / 1000, error.reason.toLowerCase() as ShardCallOutcome);
    }
    ctx.logger.warn({ prefecture: code, reason: error.reason, err: error.message, requestId: ctx.requestId }, 'shard left out of an answer');
    const failure = unavailable(ctx, code, error.reason, `its subgraph ${error.message}`, errorPath);
    return { ok: false, code, error: failure, mayHaveArrived: error.mayHaveArrived };
  }
}

function whyNotRoutable(shard: ShardStatus): string {
  if (shard.state === 'INCOMPATIBLE') return `its subgraph is excluded: ${shard.lastError}`;
  if (shard.state === 'DOWN') return `its subgraph did not pass its check: ${shard.lastError}`;
  return 'no subgraph URL is registered for it';
}

/**
 * Names the prefecture on every error a shard returns. A shard's internal failure becomes
 * PREFECTURE_UNAVAILABLE: the client cannot fix it, and the gateway would otherwise mask it to a
 * bare "internal error" that no longer says whose data is missing.
 */
function attribute(ctx: DispatchContext, code: string, error: ShardError): ShardError {
  const extensions: Record<string, unknown> = { ...error.extensions, prefecture: error.extensions?.prefecture ?? code };
  if (extensions.code && extensions.code !== ErrorCode.INTERNAL_SERVER_ERROR) return { ...error, extensions };
  return {
    ...error,
    message: `prefecture ${ctx.registry.describe(code)} failed to answer (its subgraph reported an internal error); its data is missing from this answer`,
    extensions: { code: ErrorCode.PREFECTURE_UNAVAILABLE, prefecture: code, reason: 'SHARD_ERROR' },
  };
}

function unavailable(ctx: DispatchContext, code: string, reason: string, why: string, path: (string | number)[]): ShardError {
  return {
    message: `prefecture ${ctx.registry.describe(code)} is unavailable (${why}); its data is missing from this answer`,
    path,
    extensions: { code: ErrorCode.PREFECTURE_UNAVAILABLE, prefecture: code, reason },
  };
}
