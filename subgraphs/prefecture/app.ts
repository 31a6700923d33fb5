import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { createGraphQLHttpServer } from '../../lib/http/graphql-http-server.js';
import type { Logger } from '../../lib/logger.js';
import { maskInternalErrors } from '../../lib/mask-errors.js';
import { HUB_TOKEN_HEADER, HubTokenError, verifyHubToken } from '../../schema/contract/actor.js';
import type { PrefectureContext } from './context.js';
import { buildPrefectureSchema } from './graphql/build-prefecture-schema.js';
import { createProjectChildLoaders } from './services/project-child-loaders.js';

/** What a prefecture subgraph is built from; tests pass their own database and secret. */
export interface PrefectureAppOptions {
  readonly prefectureCode: string;
  readonly orm: MikroORM;
  readonly dialect: 'sqlite' | 'postgresql';
  readonly hubTokenSecret: string;
  readonly logger: Logger;
  /** Default: on unless NODE_ENV is production. */
  readonly introspection?: boolean;
}

export interface PrefectureApp {
  readonly apollo: ApolloServer<PrefectureContext>;
  readonly http: Server;
  /** Builds a request context as the HTTP layer would, for in-process tests. */
  readonly contextFor: (token: string | undefined) => Promise<PrefectureContext>;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export async function createPrefectureApp(options: PrefectureAppOptions): Promise<PrefectureApp> {
  const schema = await buildPrefectureSchema();
  const apollo = new ApolloServer<PrefectureContext>({
    schema,
    introspection: options.introspection ?? process.env.NODE_ENV !== 'production',
    includeStacktraceInErrorResponses: false,
    formatError: maskInternalErrors(options.logger),
  });
  await apollo.start();

  const contextFor = async (token: string | undefined): Promise<PrefectureContext> => {
    if (!token) throw unauthenticated(`missing ${HUB_TOKEN_HEADER}: subgraphs accept only requests signed by the gateway`);
    let actor;
    try {
      actor = await verifyHubToken(token, options.hubTokenSecret);
    } catch (error) {
      if (error instanceof HubTokenError) throw unauthenticated(error.message);
      throw error;
    }
    const em = options.orm.em.fork() as EntityManager;
    return { em, actor, prefectureCode: options.prefectureCode, dialect: options.dialect, loaders: createProjectChildLoaders(em) };
  };

  const http = createGraphQLHttpServer({
    apollo,
    context: (req: IncomingMessage) => contextFor(headerOf(req, HUB_TOKEN_HEADER)),
    routes: {
      '/health': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'ok', prefecture: options.prefectureCode }));
      },
      '/ready': async (_req, res) => {
        const ready = await options.orm.isConnected();
        res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: ready ? 'ready' : 'database unreachable', prefecture: options.prefectureCode }));
      },
    },
  });

  return {
    apollo,
    http,
    contextFor,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          const address = http.address() as AddressInfo;
          resolve(`http://${host}:${address.port}/graphql`);
        });
      }),
    async close() {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await apollo.stop();
    },
  };
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}
