import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type BaseContext } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { checkedIdempotencyKey, IDEMPOTENCY_KEY_HEADER, MAX_FIELD_KEY_LENGTH } from '../../lib/idempotency-key.js';
import { gracefulClose } from '../../lib/http/graceful-close.js';
import { createGraphQLHttpServer } from '../../lib/http/graphql-http-server.js';
import { MAX_LEDGER_CALL_BYTES } from '../../schema/contract/ledger.js';
import { credentialGate } from './auth/credential-gate.js';
import type { GatewayTrust } from './auth/gateway-trust.js';
import { serviceScopes, withServiceScope } from './auth/service-scope.js';
import { uncacheableResponses } from './uncacheable-responses.js';
import type { Logger } from '../../lib/logger.js';
import { argumentChecks } from '../../lib/graphql/argument-checks-plugin.js';
import { maskInternalErrors } from '../../lib/mask-errors.js';
import { createMetricsRegistry, httpObserver, metricsHandler } from '../../lib/observability/metrics.js';
import type { Registry } from 'prom-client';
import { HUB_TOKEN_HEADER, type Actor } from '../../schema/contract/hub-credential.js';

/** How a subgraph process is put together; every subgraph of the hub goes through this. */
export interface SubgraphAppOptions<TContext extends BaseContext> {
  readonly schema: GraphQLSchema;
  readonly logger: Logger;
  /** The gateway's public keys; only requests carrying a credential signed with one of them are served. */
  readonly gatewayTrust: GatewayTrust;
  /** The audience credentials must name: the prefecture code, or `province`. */
  readonly audience: string;
  /** Builds the per-request context for a verified caller and the request's Idempotency-Key (null: none). */
  readonly buildContext: (actor: Actor, idempotencyKey: string | null) => TContext;
  /** Body of `/health` and `/ready` answers, e.g. `{ prefecture: '530100' }`. */
  readonly identity: Record<string, string>;
  /** Whether the database answers; `/ready` says 503 when it does not. */
  readonly isReady: () => Promise<boolean>;
  /** Default: on unless NODE_ENV is production. */
  readonly introspection?: boolean;
  /** Where `/metrics` reads from; default a registry of this app only (no process metrics). */
  readonly metrics?: Registry;
}

export interface SubgraphApp<TContext extends BaseContext> {
  readonly apollo: ApolloServer<TContext>;
  readonly http: Server;
  /** Served at `/metrics`: `http_request_duration_seconds` per route, plus what the process adds. */
  readonly metrics: Registry;
  /** Builds a request context as the HTTP layer would, for in-process tests. */
  readonly contextFor: (token: string | undefined, idempotencyKey?: string) => Promise<TContext>;
  listen(port: number, host: string): Promise<string>;
  /** Stops serving: requests in flight get up to `drainMs` (default 10 s), see lib/http/graceful-close.ts. */
  close(drainMs?: number): Promise<void>;
}

export async function createSubgraphApp<TContext extends BaseContext>(
  options: SubgraphAppOptions<TContext>,
): Promise<SubgraphApp<TContext>> {
  const production = process.env.NODE_ENV === 'production';
  const apollo = new ApolloServer<TContext>({
    schema: options.schema,
    introspection: options.introspection ?? !production,
    // No "Did you mean …?" in production: with introspection off, suggestions would still give the
    // schema away field by field.
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    formatError: maskInternalErrors(options.logger),
    // The process's own shutdown (lib/shutdown.ts) drains HTTP first; Apollo's signal handler would
    // stop it under running requests and re-raise SIGTERM, killing the process mid-shutdown.
    stopOnTerminationSignals: false,
    // Traces go to Prometheus and logs, not to Apollo's cloud: no ftv1 payloads in responses.
    // Bad text (NUL, lone surrogates, invisible-only stored text) is refused before any resolver
    // runs, whatever the input; the subgraph is the store, so it does not rely on the gateway.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      uncacheableResponses,
      serviceScopes<TContext>(),
      // Custom scalars check themselves here (lib/graphql/scalars): only text needs the walk.
      argumentChecks<TContext>({ scalars: {} }),
    ],
  });
  await apollo.start();

  const admit = credentialGate(options.gatewayTrust, options.audience);
  const contextFor = async (token: string | undefined, idempotencyKey?: string): Promise<TContext> => {
    const verified = await admit(token);
    const key = idempotencyKey === undefined ? null : checkedIdempotencyKey(idempotencyKey, MAX_FIELD_KEY_LENGTH);
    if (verified.kind === 'actor') return options.buildContext(verified.actor, key);
    // An acting scope's context carries the user it acts for (what the write records); the scope
    // alone decides what runs, whatever that user's role.
    const { acting } = verified;
    return withServiceScope(
      options.buildContext(acting?.actor ?? GATEWAY_SERVICE_ACTOR, key),
      verified.scope,
      acting?.binding,
    );
  };

  const json =
    (status: number, body: unknown) =>
    (_req: IncomingMessage, res: ServerResponse): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
  const metrics = options.metrics ?? createMetricsRegistry();
  const http = createGraphQLHttpServer({
    apollo,
    // A ledger import chunk (up to 1000 rows) is larger than any other call a subgraph takes.
    maxBodyBytes: MAX_LEDGER_CALL_BYTES,
    context: (req: IncomingMessage) =>
      contextFor(headerOf(req, HUB_TOKEN_HEADER), headerOf(req, IDEMPOTENCY_KEY_HEADER)),
    // One access-log line per request with the gateway's x-request-id, and its duration per route.
    onResponse: httpObserver(metrics, options.logger),
    routes: {
      '/metrics': metricsHandler(metrics),
      '/health': json(200, { status: 'ok', ...options.identity }),
      '/ready': async (req, res) => {
        const ready = await options.isReady().catch(() => false);
        json(ready ? 200 : 503, { status: ready ? 'ready' : 'database unreachable', ...options.identity })(req, res);
      },
    },
  });

  const closeHttp = gracefulClose(http);
  return {
    apollo,
    http,
    metrics,
    contextFor,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve(`http://${host}:${(http.address() as AddressInfo).port}/graphql`));
      }),
    async close(drainMs) {
      await closeHttp(drainMs);
      await apollo.stop();
    },
  };
}

/**
 * Stands in for the caller of a gateway service credential that acts for nobody (probe,
 * registry), as contexts need an actor: the
 * serviceScopes plugin refuses every root field beyond the scope's before any resolver runs, and
 * the role check answers for the scope, not for this role.
 */
const GATEWAY_SERVICE_ACTOR: Actor = { subject: 'gateway', role: 'viewer' };

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
