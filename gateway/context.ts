import type { Actor } from '../schema/contract/hub-credential.js';
import type { RequestCache } from './cache/request-cache.js';

/** Per-request context of the gateway. */
export interface GatewayContext {
  /** The verified caller. */
  readonly actor: Actor;
  /** Carried to every subgraph call and log line of this request. */
  readonly requestId: string;
  /**
   * Mints a short-lived, single-use credential for this caller, good only at `audience` (a
   * prefecture code, or `province`): one per subgraph call.
   */
  readonly hubTokenFor: (audience: string) => Promise<string>;
  /** The client's Idempotency-Key, or one generated for this request; mutations carry it to subgraphs. */
  readonly idempotencyKey: string;
  /**
   * SHA-256 (hex, as APQ hashes it) of the exact document text this request runs, whether it came
   * as a trusted-document id or as text; undefined when the request carries none (Apollo refuses
   * it). The whole-response cache keys by it.
   */
  readonly documentHash: string | undefined;
  /** This request's view of the gateway cache; absent when the cache is off. */
  readonly cache?: RequestCache;
}
