import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, LocalGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { gracefulClose } from '../lib/http/graceful-close.js';
import { createGraphQLHttpServer, requestIdOf } from '../lib/http/graphql-http-server.js';
import type { Logger } from '../lib/logger.js';
import { argumentChecks } from '../lib/graphql/argument-checks-plugin.js';
import { maskInternalErrors } from '../lib/mask-errors.js';
import { createMetricsRegistry, httpObserver, metricsHandler } from '../lib/observability/metrics.js';
import type { Registry } from 'prom-client';
import { registerGatewayMetrics } from './observability/gateway-metrics.js';
import type { Actor } from '../schema/contract/hub-credential.js';
import { PREFECTURES } from '../schema/prefectures.js';
import type { KeySet } from '../lib/auth/gateway-key-pair.js';
import { authenticateUser, type UserTokenOptions } from '../lib/auth/user-token.js';
import { JWKS_PATH, jwksRoute } from './auth/jwks-route.js';
import { loadSigningKeys } from './auth/signing-keys.js';
import { subgraphCredentials } from './auth/subgraph-credentials.js';
import { SCALAR_RULES } from '../schema/contract/scalar-rules.js';
import { applyCors } from './http/cors.js';
import { idempotencyKeyOf } from './http/idempotency-key.js';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimit } from './http/rate-limit.js';
import { DEFAULT_OPERATION_LIMITS, operationLimits, type OperationLimits } from './plugins/operation-limits.js';
import { operationResolution } from './plugins/operation-resolution.js';
import { requestIdInErrors } from './plugins/request-id-in-errors.js';
import type { GatewayContext } from './context.js';
import type { PrefectureContract } from './contract/prefecture-contract.js';
import { dashboardRoutes } from './dashboard/routes.js';
import { ExportLinks } from './ledger/export-links.js';
import {
  DEFAULT_EXPORT_MAX_HEAP_MB,
  DEFAULT_EXPORT_PROCESSES,
  DEFAULT_EXPORT_STALL_MS,
  ProjectExportProcesses,
} from './ledger/export-process.js';
import type { GraphExecutor } from './ledger/graph-executor.js';
import {
  DEFAULT_LEDGER_SHARD_TIMEOUT_MS,
  DEFAULT_MAX_LEDGER_UPLOAD_BYTES,
  ledgerRoutes,
} from './ledger/ledger-routes.js';
import { ledgerImportAuditor } from './ledger/ledger-import-audit.js';
import { buildHubSubgraphSchema } from './hub/hub-subgraph.js';
import { ProvinceDataSource } from './routing/province-data-source.js';
import { ShardedDataSource } from './routing/sharded-data-source.js';
import { ProvinceRegistrySync } from './shards/province-registry-sync.js';
import { DEFAULT_SHARD_LIMITS, ShardCallLimiter, type ShardCallLimits } from './shards/shard-call-limiter.js';
import { ShardHealthMonitor } from './shards/shard-health-monitor.js';
import { ShardRegistry } from './shards/shard-registry.js';
import { SUBGRAPHS } from './supergraph/compose-supergraph.js';
import { loadTrustedDocuments, type TrustedDocumentManifest } from '../schema/trusted-documents.js';
import { trustedDocumentPolicy } from './trusted-documents/document-policy.js';
import { persistedRequestResolver } from './trusted-documents/persisted-request.js';
import { callerScope } from './cache/cache-keys.js';
import { cacheBackendFor, GatewayCache, type CacheSettings } from './cache/gateway-cache.js';
import { operationKindForCache } from './cache/operation-kind-plugin.js';
import { RequestCache } from './cache/request-cache.js';
import { responseDecision } from './cache/response-cache.js';
import { ResultsVersionPoller } from './cache/results-version-poller.js';
import { unversioned } from './cache/unversioned-data-source.js';

/** Everything a gateway is built from; tests pass their own shards and timings. */
export interface GatewayAppOptions {
  readonly supergraphSdl: string;
  readonly contract: PrefectureContract;
  readonly provinceUrl: string;
  /** Private JWKS (GATEWAY_SIGNING_KEYS): the first key signs subgraph credentials, all are published. */
  readonly signingKeys: KeySet;
  readonly userTokens: UserTokenOptions;
  /** Per-shard timeout of one call, ms. */
  readonly shardTimeoutMs: number;
  /** Calls in flight per shard and how long a call may wait; default DEFAULT_SHARD_LIMITS. */
  readonly shardLimits?: ShardCallLimits;
  /** Time between contract checks of every shard, ms. */
  readonly healthIntervalMs: number;
  /** Time between reads of the province registry, ms. */
  readonly registryPollMs: number;
  readonly logger: Logger;
  /** Default: on unless NODE_ENV is production. */
  readonly introspection?: boolean;
  /** Depth, alias, token and cost limits of operations; default DEFAULT_OPERATION_LIMITS. */
  readonly operationLimits?: OperationLimits;
  /** Per-client request budget; default DEFAULT_RATE_LIMIT. */
  readonly rateLimit?: RateLimit;
  /** Browser origins allowed to call the gateway cross-origin; default none. */
  readonly corsOrigins?: readonly string[];
  /** Prefectures this gateway routes to; default: all of schema/prefectures.json. */
  readonly prefectureCodes?: readonly string[];
  /** Where `/metrics` reads from; default a registry of this app only (no process metrics). */
  readonly metrics?: Registry;
  /** Refuse documents outside the manifest from callers other than admins; default: on in production. */
  readonly trustedDocumentsOnly?: boolean;
  /** The trusted-document manifest; default schema/trusted-documents.json. */
  readonly trustedDocuments?: TrustedDocumentManifest;
  /** The shard-aware response cache (README, "Cache"); absent or null: off. */
  readonly cache?: CacheSettings | null;
  /** Largest ledger file `POST /ledger/imports` accepts; default DEFAULT_MAX_LEDGER_UPLOAD_BYTES. */
  readonly ledgerMaxUploadBytes?: number;
  /** How long one shard may take for one ledger chunk (up to 1000 rows); default DEFAULT_LEDGER_SHARD_TIMEOUT_MS. */
  readonly ledgerShardTimeoutMs?: number;
  /** Project exports at once, each in its own process; default DEFAULT_EXPORT_PROCESSES. */
  readonly ledgerExportProcesses?: number;
  /** Heap cap of one export process, MiB; default DEFAULT_EXPORT_MAX_HEAP_MB. */
  readonly ledgerExportMaxHeapMb?: number;
  /** How long an export's client may read nothing before it is let go; default DEFAULT_EXPORT_STALL_MS. */
  readonly ledgerExportStallMs?: number;
}

export interface GatewayApp {
  readonly apollo: ApolloServer<GatewayContext>;
  readonly http: Server;
  readonly registry: ShardRegistry;
  /** Served at `/metrics`: HTTP durations, per-shard call latency, shard health, cache counts. */
  readonly metrics: Registry;
  /** Null when the cache is off. */
  readonly cache: GatewayCache | null;
  /** Reads the registry (and the results version) and checks every shard now, instead of waiting for the next round. */
  refresh(): Promise<void>;
  listen(port: number, host: string): Promise<string>;
  /** Stops serving: requests in flight get up to `drainMs` (default 10 s), see lib/http/graceful-close.ts. */
  close(drainMs?: number): Promise<void>;
}

export async function createGatewayApp(options: GatewayAppOptions): Promise<GatewayApp> {
  const { logger } = options;
  const registry = new ShardRegistry(options.prefectureCodes ?? PREFECTURES.map((p) => p.code));
  const signingKeys = await loadSigningKeys(options.signingKeys);
  const credentials = subgraphCredentials(signingKeys);
  const monitor = new ShardHealthMonitor({
    registry,
    contract: options.contract,
    probeToken: credentials.forProbe,
    timeoutMs: options.shardTimeoutMs,
    intervalMs: options.healthIntervalMs,
    logger,
  });
  const sync = new ProvinceRegistrySync({
    provinceUrl: options.provinceUrl,
    registry,
    monitor,
    // Not admin: the shard URLs are admin-only, so the gateway reads them with a scope that opens the registry only.
    registryToken: credentials.forRegistryRead,
    intervalMs: options.registryPollMs,
    timeoutMs: options.shardTimeoutMs,
    logger,
  });
  const metrics = options.metrics ?? createMetricsRegistry();
  const limiter = new ShardCallLimiter(options.shardLimits ?? DEFAULT_SHARD_LIMITS);
  const shardCalls = registerGatewayMetrics(metrics, registry, limiter);
  const ledgerTimeoutMs = options.ledgerShardTimeoutMs ?? DEFAULT_LEDGER_SHARD_TIMEOUT_MS;
  const sharded = new ShardedDataSource({
    registry,
    contract: options.contract,
    timeoutMs: options.shardTimeoutMs,
    ledgerTimeoutMs,
    limiter,
    logger,
    metrics: shardCalls,
  });
  const cache = options.cache
    ? new GatewayCache(
        cacheBackendFor(options.cache, logger),
        options.cache,
        registry,
        metrics,
        logger,
        // A write the gateway gave up on may still land within about another timeout (a ledger
        // chunk's is the longest).
        2 * Math.max(options.shardTimeoutMs, ledgerTimeoutMs),
      )
    : null;
  const resultsPoller = cache
    ? new ResultsVersionPoller({
        provinceUrl: options.provinceUrl,
        cache,
        registryToken: credentials.forRegistryRead,
        intervalMs: options.cache!.resultsPollMs,
        timeoutMs: options.shardTimeoutMs,
        logger,
      })
    : null;
  // Ledger imports and exports run their operations through this very gateway (set just below),
  // as the caller: the same checks, routing, idempotency and answer checks as any client request.
  let apolloServer: ApolloServer<GatewayContext> | null = null;
  // The gateway's own operations (ledger chunks) get the cache too: their writes must bump versions.
  // Their reads are not kept (a province-wide export would only evict the dashboards' answers).
  const contextOf = (
    actor: Actor,
    idempotencyKey: string,
    { documentHash, own }: { documentHash?: string; own: boolean },
  ): GatewayContext => ({
    actor,
    requestId: actor.requestId ?? randomUUID(),
    idempotencyKey,
    documentHash,
    hubTokenFor: (audience: string) => credentials.forActor(actor, audience),
    cache: cache ? new RequestCache(cache, callerScope(actor), !own) : undefined,
  });
  const executorFor =
    (actor: Actor): GraphExecutor =>
    async (query, variables, idempotencyKey) => {
      const response = await apolloServer!.executeOperation(
        { query, variables },
        { contextValue: contextOf(actor, idempotencyKey ?? randomUUID(), { own: true }) },
      );
      if (response.body.kind !== 'single') throw new Error('ledger operations expect a single result');
      return response.body.singleResult;
    };
  const links = new ExportLinks(options.signingKeys);
  // Shard health changes with every check: an answer reading it is never kept whole.
  const hub = unversioned(
    new LocalGraphQLDataSource(buildHubSubgraphSchema(registry, { links, executorFor })),
    'shard health',
  );

  // @apollo/gateway otherwise sends usage telemetry (and probes cloud metadata endpoints) to Apollo
  // on its own; a provincial hub sends nothing anywhere.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    logger,
    buildService: ({ name }) => {
      if (name === SUBGRAPHS.prefecture.name) return sharded;
      if (name === SUBGRAPHS.gateway.name) return hub;
      if (name === SUBGRAPHS.province.name) return new ProvinceDataSource({ url: options.provinceUrl });
      throw new Error(`the supergraph names an unknown subgraph "${name}"`);
    },
  });
  const production = process.env.NODE_ENV === 'production';
  const trustedDocuments = options.trustedDocuments ?? loadTrustedDocuments();
  const documentHashFor = trustedDocumentPolicy({
    manifest: trustedDocuments,
    only: options.trustedDocumentsOnly ?? production,
  });
  const armor = operationLimits(options.operationLimits ?? DEFAULT_OPERATION_LIMITS, production);
  const rateLimit = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection ?? !production,
    // Besides graphql-armor's blocking: Apollo's own validation errors carry no suggestions either.
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    formatError: maskInternalErrors(logger),
    // lib/shutdown.ts drains HTTP first; Apollo's own SIGTERM handler would re-raise the signal and kill the process mid-drain.
    stopOnTerminationSignals: false,
    // No registering APQ cache: hashes resolve from the trusted-document manifest alone, before
    // Apollo reads the request (persistedRequestResolver); an APQ GET falls here and is refused.
    persistedQueries: false,
    validationRules: armor.validationRules,
    parseOptions: armor.parseOptions,
    // The default landing page loads from a CDN, which nobody here can reach.
    // graphql-armor is typed against the CommonJS build of @apollo/server; the plugin objects are the same.
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      requestIdInErrors(),
      operationResolution(),
      // A caller's bad Money, date or text is refused here, once, before any shard is called: the
      // composed schema knows custom scalars only by name, and shards must not pay for it.
      argumentChecks<GatewayContext>({ scalars: SCALAR_RULES }),
      operationKindForCache(),
      ...(armor.plugins as unknown as ApolloServerPlugin<GatewayContext>[]),
    ],
  });
  await apollo.start();
  apolloServer = apollo;
  await sync.start();
  await monitor.start();
  await resultsPoller?.start();

  /** The verified caller of a request, counted once against their rate limit. */
  const authenticate = async (req: IncomingMessage): Promise<Actor> => {
    const caller = await authenticateUser(req.headers.authorization, options.userTokens);
    await rateLimit(caller.subject);
    return { ...caller, requestId: requestIdOf(req) };
  };
  const projectExports = new ProjectExportProcesses({
    contractSdl: options.contract.sdl,
    shards: () =>
      registry
        .all()
        .filter((shard) => registry.routable(shard.prefectureCode))
        .map((shard) => ({ code: shard.prefectureCode, url: shard.url! })),
    credentialFor: credentials.forActor,
    shardTimeoutMs: options.shardTimeoutMs,
    limits: options.shardLimits ?? DEFAULT_SHARD_LIMITS,
    maxHeapMb: options.ledgerExportMaxHeapMb ?? DEFAULT_EXPORT_MAX_HEAP_MB,
    concurrency: options.ledgerExportProcesses ?? DEFAULT_EXPORT_PROCESSES,
    stallMs: options.ledgerExportStallMs ?? DEFAULT_EXPORT_STALL_MS,
    logger,
  });
  const ledger = ledgerRoutes({
    authenticate,
    executorFor,
    projectExports,
    auditImport: ledgerImportAuditor({
      provinceUrl: options.provinceUrl,
      credentialFor: credentials.forLedgerAudit,
      timeoutMs: options.shardTimeoutMs,
      logger,
    }),
    links,
    prefectureCodes: () => registry.codes(),
    maxUploadBytes: options.ledgerMaxUploadBytes ?? DEFAULT_MAX_LEDGER_UPLOAD_BYTES,
    logger,
  });
  const http = createGraphQLHttpServer<GatewayContext>({
    apollo,
    prepareBody: persistedRequestResolver(trustedDocuments),
    // A fresh single-use credential for every subgraph call, for its audience only (subgraphs refuse replays).
    context: async (req: IncomingMessage, operation) => {
      const actor = await authenticate(req);
      return contextOf(actor, idempotencyKeyOf(req), {
        documentHash: documentHashFor(operation.query, actor),
        own: false,
      });
    },
    shortcut: cache ? (body, context) => responseDecision(body, context.cache!) : undefined,
    onResponse: httpObserver(metrics, logger),
    intercept: (req, res) => applyCors(req, res, options.corsOrigins ?? []),
    postRoutes: ledger.post,
    routes: {
      ...dashboardRoutes(trustedDocuments),
      ...ledger.get,
      '/metrics': metricsHandler(metrics),
      [JWKS_PATH]: jwksRoute(signingKeys.publicJwks),
      '/health': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'ok' }));
      },
      '/ready': (_req, res) => {
        const serving = registry.all().filter((s) => s.state === 'SERVING').length;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'ready',
            supergraph: 'loaded',
            shardsServing: serving,
            shards: registry.codes().length,
          }),
        );
      },
    },
  });

  const closeHttp = gracefulClose(http);
  return {
    apollo,
    http,
    registry,
    metrics,
    cache,
    refresh: async () => {
      await sync.syncNow();
      await monitor.checkAll();
      await resultsPoller?.pollNow();
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve(`http://${host}:${(http.address() as AddressInfo).port}/graphql`));
      }),
    async close(drainMs) {
      sync.stop();
      monitor.stop();
      resultsPoller?.stop();
      await closeHttp(drainMs);
      await apollo.stop();
      await cache?.close();
    },
  };
}
