import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Queue } from 'bullmq';
import type { Logger } from '../../lib/logger.js';
import type { Registry } from 'prom-client';
import type { RunRequest } from '../../lib/jobs/metrics-jobs.js';
import { PROVINCE_AUDIENCE } from '../../schema/contract/hub-credential.js';
import type { GatewayTrust } from '../lib/auth/gateway-trust.js';
import { createSubgraphApp, type SubgraphApp } from '../lib/subgraph-app.js';
import type { ProvinceContext } from './context.js';
import { buildProvinceSchema } from './graphql/build-province-schema.js';

export interface ProvinceAppOptions {
  readonly orm: MikroORM;
  /** The gateway's public keys; credentials must name `province` as their audience. */
  readonly gatewayTrust: GatewayTrust;
  readonly logger: Logger;
  /** Queue of metric run requests; null when the hub runs without Redis (metric jobs off). */
  readonly runs?: Queue<RunRequest> | null;
  /** Default: on unless NODE_ENV is production. */
  readonly introspection?: boolean;
  /** Where `/metrics` reads from (the server adds process metrics); default a registry of its own. */
  readonly metrics?: Registry;
}

export type ProvinceApp = SubgraphApp<ProvinceContext>;

export async function createProvinceApp(options: ProvinceAppOptions): Promise<ProvinceApp> {
  return createSubgraphApp<ProvinceContext>({
    schema: await buildProvinceSchema(),
    logger: options.logger,
    gatewayTrust: options.gatewayTrust,
    audience: PROVINCE_AUDIENCE,
    introspection: options.introspection,
    metrics: options.metrics,
    identity: { subgraph: 'province' },
    isReady: () => options.orm.isConnected(),
    buildContext: (actor, idempotencyKey) => ({
      em: options.orm.em.fork() as EntityManager,
      actor,
      runs: options.runs ?? null,
      idempotencyKey,
    }),
  });
}
