import type { Actor } from '../schema/contract/actor.js';

/** Per-request context of the gateway. */
export interface GatewayContext {
  /** The verified caller. */
  readonly actor: Actor;
  /** Carried to every subgraph call and log line of this request. */
  readonly requestId: string;
  /** The short-lived token subgraphs accept for this caller, signed once per request. */
  readonly hubToken: () => Promise<string>;
}
