import type { Actor } from '../schema/contract/actor.js';

/** Per-request context of the gateway. */
export interface GatewayContext {
  /** The verified caller. */
  readonly actor: Actor;
  /** Carried to every subgraph call and log line of this request. */
  readonly requestId: string;
  /** Mints a short-lived, single-use token subgraphs accept for this caller (one per subgraph call). */
  readonly hubToken: () => Promise<string>;
  /** The client's Idempotency-Key, or one generated for this request; mutations carry it to subgraphs. */
  readonly idempotencyKey: string;
}
