import type { EntityManager } from '@mikro-orm/knex';
import type { Queue } from 'bullmq';
import type { RunRequest } from '../../lib/jobs/metrics-jobs.js';
import { createLogger, type Logger } from '../../lib/logger.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import { createGatewayApp, type GatewayApp, type GatewayAppOptions } from '../../gateway/app.js';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import type { UserTokenOptions } from '../../lib/auth/user-token.js';
import { loadPrefectureContract } from '../../gateway/contract/prefecture-contract.js';
import { readFileSync } from 'node:fs';
import { openSubgraphDatabase } from '../../lib/db/open-database.js';
import { createProvinceApp, type ProvinceApp } from '../../subgraphs/province/app.js';
import { PROVINCE_DATABASE } from '../../lib/hub-database/schema-definition.js';
import { syncRegistry } from '../../subgraphs/province/services/prefecture-registry.js';
import type { MikroORM } from '@mikro-orm/core';
import { TEST_GATEWAY_TRUST, TEST_SIGNING_KEYS } from './hub-tokens.js';
import { startPrefectureHarness, type GraphQLResult, type PrefectureHarness } from './prefecture-harness.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';

export const TEST_USER_TOKENS: UserTokenOptions = {
  secret: 'test-user-token-secret-at-least-32-characters',
  issuer: 'yunnan-hub-test',
  audience: 'yunnan-hub',
};

interface ShardHandle {
  readonly harness: PrefectureHarness;
  url: string;
}

export interface HubHarness {
  readonly gateway: GatewayApp;
  readonly gatewayUrl: string;
  readonly shards: ReadonlyMap<string, ShardHandle>;
  readonly provinceUrl: string;
  /** The hub database (the province subgraph's). */
  readonly provinceOrm: MikroORM;
  /** Mints a user token for the gateway. */
  tokenFor(actor: Omit<Actor, 'requestId'>): Promise<string>;
  /** POSTs to the gateway over HTTP as `actor` (default: a viewer), with extra `headers` if given. */
  query<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    actor?: Omit<Actor, 'requestId'>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResult<T>>;
  /**
   * Starts another gateway replica over the same shards and province (its own cache settings, if
   * given); closed with the harness.
   */
  startReplica(cache?: GatewayAppOptions['cache']): Promise<GatewayReplica>;
  /** Stops a shard's HTTP server (its database stays). */
  stopShard(code: string): Promise<void>;
  close(): Promise<void>;
}

/** One more gateway of a harness (see HubHarness.startReplica). */
export interface GatewayReplica {
  readonly gateway: GatewayApp;
  readonly gatewayUrl: string;
  /** POSTs to this replica like HubHarness.query. */
  query<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    actor?: Omit<Actor, 'requestId'>,
  ): Promise<GraphQLResult<T>>;
}

export interface HubHarnessOptions {
  readonly codes: readonly string[];
  readonly shardTimeoutMs?: number;
  /** Long by default: tests trigger checks with `gateway.refresh()`. */
  readonly healthIntervalMs?: number;
  /** Shard URL to register instead of the real one, e.g. a proxy in front of it. */
  readonly urlFor?: (code: string, realUrl: string) => Promise<string> | string;
  /** Province URL the gateway calls instead of the real one, e.g. a proxy in front of it. */
  readonly provinceUrlFor?: (realUrl: string) => Promise<string> | string;
  /** The logger of every process of the hub; default one that is silent in tests. */
  readonly logger?: Logger;
  /** Gateway settings to override (limits, rate limit, CORS). */
  readonly gateway?: Partial<
    Pick<
      GatewayAppOptions,
      | 'operationLimits'
      | 'rateLimit'
      | 'corsOrigins'
      | 'shardLimits'
      | 'trustedDocumentsOnly'
      | 'trustedDocuments'
      | 'cache'
      | 'ledgerMaxUploadBytes'
    >
  >;
  /** Queue metric runs go to (tests of the workers); default: none, metric jobs off. */
  readonly runs?: Queue<RunRequest> | null;
}

/**
 * The whole hub in one process over real loopback HTTP: one SQLite prefecture subgraph per code,
 * the province subgraph, and the gateway routing between them.
 */
export async function startHubHarness(options: HubHarnessOptions): Promise<HubHarness> {
  const shards = new Map<string, ShardHandle>();
  await Promise.all(
    options.codes.map(async (code) => {
      const harness = await startPrefectureHarness('sqlite', code);
      const realUrl = await harness.app.listen(0, '127.0.0.1');
      shards.set(code, { harness, url: options.urlFor ? await options.urlFor(code, realUrl) : realUrl });
    }),
  );
  const provinceDb: TestDatabase = await createTestDatabase('sqlite');
  const provinceOrm: MikroORM = await openSubgraphDatabase(PROVINCE_DATABASE, provinceDb.target, { migrate: true });
  await syncRegistry(
    provinceOrm.em.fork() as EntityManager,
    Object.fromEntries([...shards].map(([code, s]) => [code, s.url])),
  );
  const logger = options.logger ?? createLogger('test-hub');
  const province: ProvinceApp = await createProvinceApp({
    orm: provinceOrm,
    gatewayTrust: TEST_GATEWAY_TRUST,
    logger,
    runs: options.runs ?? null,
  });
  const provinceUrl = await province.listen(0, '127.0.0.1');
  const gatewayOptions: GatewayAppOptions = {
    supergraphSdl: readFileSync('schema/supergraph.graphql', 'utf8'),
    contract: loadPrefectureContract(),
    provinceUrl: options.provinceUrlFor ? await options.provinceUrlFor(provinceUrl) : provinceUrl,
    signingKeys: TEST_SIGNING_KEYS,
    userTokens: TEST_USER_TOKENS,
    shardTimeoutMs: options.shardTimeoutMs ?? 5_000,
    healthIntervalMs: options.healthIntervalMs ?? 3_600_000,
    registryPollMs: 3_600_000,
    logger,
    prefectureCodes: options.codes,
    ...options.gateway,
  };
  const gateway = await createGatewayApp(gatewayOptions);
  const gatewayUrl = await gateway.listen(0, '127.0.0.1');
  const replicas: GatewayApp[] = [];
  const post = async (
    url: string,
    query: string,
    variables?: Record<string, unknown>,
    actor?: Omit<Actor, 'requestId'>,
  ) => {
    const token = await mintUserToken(actor ?? { subject: 'viewer-1', role: 'viewer' }, TEST_USER_TOKENS);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult<any>;
  };

  return {
    gateway,
    gatewayUrl,
    shards,
    provinceUrl,
    provinceOrm,
    tokenFor: (actor) => mintUserToken(actor, TEST_USER_TOKENS),
    async startReplica(cache) {
      const replica = await createGatewayApp({ ...gatewayOptions, ...(cache === undefined ? {} : { cache }) });
      replicas.push(replica);
      const url = await replica.listen(0, '127.0.0.1');
      return {
        gateway: replica,
        gatewayUrl: url,
        query: (query, variables, actor) => post(url, query, variables, actor),
      };
    },
    async query(query, variables, actor = { subject: 'viewer-1', role: 'viewer' }, headers = {}) {
      const token = await mintUserToken(actor, TEST_USER_TOKENS);
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResult<any>;
    },
    async stopShard(code) {
      const shard = shards.get(code)!;
      shard.harness.app.http.closeAllConnections();
      await new Promise<void>((resolve) => shard.harness.app.http.close(() => resolve()));
    },
    async close() {
      await Promise.all(replicas.map((replica) => replica.close()));
      await gateway.close();
      await province.close();
      await provinceOrm.close(true);
      await provinceDb.drop();
      await Promise.all([...shards.values()].map((s) => s.harness.close().catch(() => undefined)));
    },
  };
}
