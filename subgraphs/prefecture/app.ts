import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from '../../lib/logger.js';
import type { Registry } from 'prom-client';
import type { GatewayTrust } from '../lib/auth/gateway-trust.js';
import { createSubgraphApp, type SubgraphApp } from '../lib/subgraph-app.js';
import type { PrefectureContext } from './context.js';
import { buildPrefectureSchema } from './graphql/build-prefecture-schema.js';
import { createProjectChildLoaders } from './services/project-child-loaders.js';

/** What a prefecture subgraph is built from; tests pass their own database and gateway keys. */
export interface PrefectureAppOptions {
  readonly prefectureCode: string;
  readonly orm: MikroORM;
  readonly dialect: 'sqlite' | 'postgresql';
  /** The gateway's public keys; credentials must name this prefecture's code as their audience. */
  readonly gatewayTrust: GatewayTrust;
  readonly logger: Logger;
  /** Default: on unless NODE_ENV is production. */
  readonly introspection?: boolean;
  /** Where `/metrics` reads from (the server adds process metrics); default a registry of its own. */
  readonly metrics?: Registry;
}

export type PrefectureApp = SubgraphApp<PrefectureContext>;

export async function createPrefectureApp(options: PrefectureAppOptions): Promise<PrefectureApp> {
  return createSubgraphApp<PrefectureContext>({
    schema: await buildPrefectureSchema(),
    logger: options.logger,
    gatewayTrust: options.gatewayTrust,
    audience: options.prefectureCode,
    introspection: options.introspection,
    metrics: options.metrics,
    identity: { prefecture: options.prefectureCode },
    isReady: () => options.orm.isConnected(),
    buildContext: (actor, idempotencyKey) => {
      // One EntityManager fork per request: its identity map must not leak across requests.
      const em = options.orm.em.fork() as EntityManager;
      const { prefectureCode, dialect } = options;
      return { em, actor, prefectureCode, dialect, loaders: createProjectChildLoaders(em), idempotencyKey };
    },
  });
}
