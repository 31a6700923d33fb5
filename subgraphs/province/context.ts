import type { EntityManager } from '@mikro-orm/knex';
import type { Queue } from 'bullmq';
import type { Actor } from '../../schema/contract/hub-credential.js';
import type { RunRequest } from '../../lib/jobs/metrics-jobs.js';

/** What every resolver of the province subgraph receives, built once per request. */
export interface ProvinceContext {
  /** A fork of the global EntityManager for this request only. */
  readonly em: EntityManager;
  /** The caller, verified from the gateway-signed token. */
  readonly actor: Actor;
  /** The queue metric runs are requested on; null when no Redis is configured. */
  readonly runs: Queue<RunRequest> | null;
  /**
   * The request's Idempotency-Key as the gateway sent it (the client's), or null when none came.
   * One request may carry several mutations: each scopes it with its response key.
   */
  readonly idempotencyKey: string | null;
}
