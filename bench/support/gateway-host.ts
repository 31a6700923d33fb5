/**
 * Child process of bench/gateway.bench.ts: the gateways under comparison, in one process apart
 * from both the shards and the load generator.
 *
 *   - `hub`:   our gateway (gateway/app.ts) routing to every shard in SHARD_URLS;
 *   - `hub1`:  our gateway configured with only SINGLE_CODE (the "one shard" hub of case b);
 *   - `stock`: a stock @apollo/gateway over a static supergraph composed by @apollo/composition
 *              from schema/prefecture.graphql + schema/province.graphql, the prefecture subgraph's
 *              URL set to SINGLE_CODE's shard, and a RemoteGraphQLDataSource that adds x-hub-token;
 *   - the province subgraph the two hubs read their registry from (temp SQLite in DATA_DIR);
 *   - with REPLAY_URLS: `replayHub` and `replayHub1`, the same two hubs over replay shards
 *     (bench/support/replay-shards.ts), with their own province registry.
 *
 * The stock gateway gets the same HTTP front (lib/http/graphql-http-server.ts), the same
 * Apollo Server options and the same per-request work (user JWT check, one hub token signed per
 * request) as ours, so the comparison isolates what differs: our sharded data source and its
 * routing versus Apollo's RemoteGraphQLDataSource.
 *
 * Prints one JSON line {"msg":"gateway host ready", urls: {…}} when every gateway serves.
 */
import { documentHashOf } from '../../schema/trusted-documents.js';
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { parse } from 'graphql';
import { createGatewayApp, type GatewayApp } from '../../gateway/app.js';
import { authenticateUser, type UserTokenOptions } from '../../lib/auth/user-token.js';
import type { GatewayContext } from '../../gateway/context.js';
import { idempotencyKeyOf } from '../../gateway/http/idempotency-key.js';
import { loadPrefectureContract } from '../../gateway/contract/prefecture-contract.js';
import { createGraphQLHttpServer } from '../../lib/http/graphql-http-server.js';
import { createLogger } from '../../lib/logger.js';
import { maskInternalErrors } from '../../lib/mask-errors.js';
import { onShutdownSignal } from '../../lib/shutdown.js';
import { publicHalf } from '../../lib/auth/gateway-key-pair.js';
import { jwksSetting } from '../../lib/auth/jwks-setting.js';
import { loadSigningKeys } from '../../gateway/auth/signing-keys.js';
import { subgraphCredentials } from '../../gateway/auth/subgraph-credentials.js';
import { HUB_TOKEN_HEADER, PROVINCE_AUDIENCE, type Actor } from '../../schema/contract/hub-credential.js';
import { openSubgraphDatabase } from '../../lib/db/open-database.js';
import { createProvinceApp } from '../../subgraphs/province/app.js';
import { PROVINCE_DATABASE } from '../../lib/hub-database/schema-definition.js';
import { syncRegistry } from '../../subgraphs/province/services/prefecture-registry.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`gateway host: ${name} is required`);
  return value;
};
const shardUrls = JSON.parse(env('SHARD_URLS')) as Record<string, string>;
const singleCode = env('SINGLE_CODE');
const signingKeys = jwksSetting('private', 'the bench gateway keys').parse(env('GATEWAY_SIGNING_KEYS'));
const gatewayTrust = { keys: { publicKeys: { keys: signingKeys.keys.map(publicHalf) } }, maxLifetimeS: 60 };
const credentials = subgraphCredentials(await loadSigningKeys(signingKeys));
const userTokens: UserTokenOptions = {
  secret: env('USER_TOKEN_SECRET'),
  issuer: 'yunnan-hub-bench',
  audience: 'yunnan-hub',
};
const shardTimeoutMs = Number(process.env.SHARD_TIMEOUT_MS ?? 3_000);
const logger = createLogger('bench-gateway-host');
const HOST = '127.0.0.1';

const closers: (() => Promise<void>)[] = [];
onShutdownSignal(logger, async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
});

// A province subgraph whose registry points at the given shards (one per set of shards).
async function startProvince(name: string, urls: Record<string, string>): Promise<string> {
  const orm: MikroORM = await openSubgraphDatabase(
    PROVINCE_DATABASE,
    { dialect: 'sqlite', path: join(env('DATA_DIR'), `${name}.sqlite`) },
    { migrate: true },
  );
  closers.push(() => orm.close(true));
  await syncRegistry(orm.em.fork() as EntityManager, urls);
  // Without Redis: metric jobs off (`runs: null`). Passed as a variable, not a literal, so this
  // compiles whether or not ProvinceAppOptions has `runs` yet (it is being added in parallel).
  const options = { orm, gatewayTrust, logger, runs: null };
  const app = await createProvinceApp(options);
  closers.push(() => app.close());
  return app.listen(0, HOST);
}
const provinceUrl = await startProvince('province', shardUrls);

// Our gateway, as gateway/server.ts builds it; health checks and registry reads are pushed
// beyond the benchmark's runtime so that only the measured requests reach the shards.
const supergraphSdl = readFileSync('schema/supergraph.graphql', 'utf8');
const contract = loadPrefectureContract();
async function startHub(codes: string[], registryUrl: string): Promise<{ app: GatewayApp; url: string }> {
  const options = {
    supergraphSdl,
    contract,
    provinceUrl: registryUrl,
    signingKeys,
    userTokens,
    shardTimeoutMs,
    healthIntervalMs: 3_600_000,
    registryPollMs: 3_600_000,
    logger,
    prefectureCodes: codes,
    // The per-user rate limit (default 300 requests a minute) would turn the benchmark's one user
    // away within seconds; it stays on (its cost is measured) but with room for the load.
    // A variable, not a literal: this compiles whether or not GatewayAppOptions has it yet.
    rateLimit: { points: 100_000_000, windowSeconds: 60 },
    // NODE_ENV=production would refuse the benchmark's own queries, which are not trusted documents;
    // the per-request work (hashing the document, looking it up) is the same either way.
    trustedDocumentsOnly: false,
  };
  const app = await createGatewayApp(options);
  closers.push(() => app.close());
  const url = await app.listen(0, HOST);
  const notServing = app.registry.all().filter((s) => s.state !== 'SERVING');
  if (notServing.length)
    throw new Error(
      `gateway host: shards not serving: ${notServing.map((s) => `${s.prefectureCode} ${s.state} ${s.lastError}`).join('; ')}`,
    );
  return { app, url };
}
const hub = await startHub(Object.keys(shardUrls), provinceUrl);
const hub1 = await startHub([singleCode], provinceUrl);

// The same two hubs over replay shards (bench/support/replay-shards.ts), when given.
const replay: Record<string, string> = {};
if (process.env.REPLAY_URLS) {
  const replayUrls = JSON.parse(process.env.REPLAY_URLS) as Record<string, string>;
  const replayProvinceUrl = await startProvince('province-replay', replayUrls);
  replay.replayHub = (await startHub(Object.keys(replayUrls), replayProvinceUrl)).url;
  replay.replayHub1 = (await startHub([singleCode], replayProvinceUrl)).url;
}

// The stock gateway.
class HubTokenDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly audience: string,
  ) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const ctx = context as Partial<GatewayContext>;
    if (ctx.hubTokenFor) request.http?.headers.set(HUB_TOKEN_HEADER, await ctx.hubTokenFor(this.audience));
  }
}
const composed = composeServices([
  {
    name: 'prefecture',
    url: shardUrls[singleCode],
    typeDefs: parse(readFileSync('schema/prefecture.graphql', 'utf8')),
  },
  { name: 'province', url: provinceUrl, typeDefs: parse(readFileSync('schema/province.graphql', 'utf8')) },
]);
if (composed.errors)
  throw new Error(`stock supergraph composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
const stockApollo = new ApolloServer<GatewayContext>({
  gateway: new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    logger,
    buildService: ({ name, url }) => new HubTokenDataSource(url!, name === 'province' ? PROVINCE_AUDIENCE : singleCode),
  }),
  introspection: false,
  includeStacktraceInErrorResponses: false,
  formatError: maskInternalErrors(logger),
  plugins: [ApolloServerPluginLandingPageDisabled()],
});
await stockApollo.start();
const stockHttp = createGraphQLHttpServer<GatewayContext>({
  apollo: stockApollo,
  // The same per-request work as gateway/app.ts: verify the user's JWT, sign the hub token.
  context: async (req: IncomingMessage, operation) => {
    const caller = await authenticateUser(req.headers.authorization, userTokens);
    const actor: Actor = { ...caller, requestId: 'bench' };
    // As gateway/app.ts: a fresh single-use token per subgraph call (one call per request here).
    const idempotencyKey = idempotencyKeyOf(req);
    return {
      actor,
      requestId: 'bench',
      idempotencyKey,
      // As gateway/app.ts: the document's hash, for the response cache.
      documentHash: operation.query === undefined ? undefined : documentHashOf(operation.query),
      hubTokenFor: (audience: string) => credentials.forActor(actor, audience),
    };
  },
});
await new Promise<void>((resolve, reject) => {
  stockHttp.once('error', reject);
  stockHttp.listen(0, HOST, () => resolve());
});
closers.push(async () => {
  await new Promise<void>((resolve) => stockHttp.close(() => resolve()));
  await stockApollo.stop();
});
const stockUrl = `http://${HOST}:${(stockHttp.address() as AddressInfo).port}/graphql`;

logger.info(
  { urls: { hub: hub.url, hub1: hub1.url, stock: stockUrl, province: provinceUrl, ...replay } },
  'gateway host ready',
);
