import type { EntityManager } from '@mikro-orm/knex';
import type { Actor } from '../../schema/contract/hub-credential.js';
import type { ProjectChildLoaders } from './services/project-child-loaders.js';

/** What every resolver of a prefecture subgraph receives, built once per request. */
export interface PrefectureContext {
  /** A fork of the global EntityManager for this request only. */
  readonly em: EntityManager;
  /** The caller, verified from the gateway-signed token. */
  readonly actor: Actor;
  /** The prefecture this subgraph serves. */
  readonly prefectureCode: string;
  readonly dialect: 'sqlite' | 'postgresql';
  readonly loaders: ProjectChildLoaders;
  /**
   * The Idempotency-Key of this request's mutation (the gateway sends one per mutation field), or
   * null when none came (in-process calls): then writes run without dedupe.
   */
  readonly idempotencyKey: string | null;
}
