import type { EntityManager } from '@mikro-orm/knex';
import type { Actor } from '../../schema/contract/actor.js';

/** What every resolver of the province subgraph receives, built once per request. */
export interface ProvinceContext {
  /** A fork of the global EntityManager for this request only. */
  readonly em: EntityManager;
  /** The caller, verified from the gateway-signed token. */
  readonly actor: Actor;
}
