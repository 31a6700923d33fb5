import { GraphQLError } from 'graphql';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '../../lib/errors.js';

/** Requests a client may make: a sustained rate with room for bursts. */
export interface RateLimit {
  /** Requests per window per client. Default 300. */
  readonly points: number;
  /** Window length in seconds. Default 60. */
  readonly windowSeconds: number;
}

// One dashboard view asks ~22 operations (province figures plus one per prefecture tile, so each
// tile fills on its own): 1,200 a minute lets an official click through a view every ~1.1 s.
export const DEFAULT_RATE_LIMIT: RateLimit = { points: 1200, windowSeconds: 60 };

/**
 * Per-client request budget at the gateway, keyed by the verified subject. In memory: each
 * gateway replica counts its own traffic (behind a load balancer the effective limit is per
 * replica; put a shared limiter in front if that matters).
 */
export function createRateLimiter(limit: RateLimit) {
  const limiter = new RateLimiterMemory({ points: limit.points, duration: limit.windowSeconds });
  return async (clientKey: string): Promise<void> => {
    try {
      await limiter.consume(clientKey);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const retryAfter = Math.ceil(rejection.msBeforeNext / 1000);
      throw new GraphQLError(
        `too many requests: at most ${limit.points} per ${limit.windowSeconds} s; retry in ${retryAfter} s`,
        {
          extensions: {
            code: ErrorCode.RATE_LIMITED,
            retryAfterSeconds: retryAfter,
            http: { status: 429, headers: new Map([['retry-after', String(retryAfter)]]) },
          },
        },
      );
    }
  };
}
