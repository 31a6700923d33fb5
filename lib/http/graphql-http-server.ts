import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER, REQUEST_ID_PATTERN, withLogScope } from '../observability/log-scope.js';
import type { HttpExchange } from '../observability/metrics.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Options of the hub's HTTP front for an Apollo Server. */
export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  readonly apollo: ApolloServer<TContext>;
  /** Builds the per-request context; throw a GraphQLError with `extensions.http.status` to refuse. */
  readonly context: (req: IncomingMessage) => Promise<TContext>;
  /** Extra GET routes by exact path, e.g. `/health`. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
  /** Extra POST routes by exact path (e.g. a file upload); they read their own body (see readBodyBytes). */
  readonly postRoutes?: Readonly<Record<string, RouteHandler>>;
  /** Largest accepted request body. Default 1 MiB (Apollo's standalone server allows 50 MB). */
  readonly maxBodyBytes?: number;
  /** Default `/graphql`. */
  readonly graphqlPath?: string;
  /** Called once per request when its response is done (metrics, access log). */
  readonly onResponse?: (exchange: HttpExchange) => void;
  /** Runs first on every request (e.g. CORS); returning true means it has answered the request. */
  readonly intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
}

/** A refusal of the HTTP request itself (body too large, not JSON): answered with `status` and a JSON error. */
class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A plain node:http server in front of Apollo Server: no web framework, a hard body limit, JSON
 * errors for bad bodies, and a few extra routes for health and metrics.
 */
export function createGraphQLHttpServer<TContext extends BaseContext>(
  options: GraphQLHttpServerOptions<TContext>,
): Server {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const graphqlPath = options.graphqlPath ?? '/graphql';
  return createServer((req, res) => {
    const requestId = assignRequestId(req);
    res.setHeader(REQUEST_ID_HEADER, requestId);
    const started = performance.now();
    const seen: { route: string; operationName?: string } = { route: 'unmatched' };
    if (options.onResponse) {
      const report = options.onResponse;
      res.once('close', () =>
        report({
          route: seen.route,
          method: req.method ?? 'GET',
          status: res.statusCode,
          durationMs: performance.now() - started,
          requestId,
          aborted: !res.writableFinished,
          operationName: seen.operationName,
        }),
      );
    }
    // Every log line written while serving this request carries its id.
    withLogScope({ requestId }, () => handle(req, res, seen)).catch((error: unknown) => {
      const status = error instanceof HttpProblem ? error.status : 500;
      const message = error instanceof HttpProblem ? error.message : 'internal error';
      if (!res.headersSent) {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }],
          }),
        );
      } else {
        res.destroy();
      }
    });
  });

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    seen: { route: string; operationName?: string },
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (options.intercept?.(req, res)) return;
    const route = options.routes?.[url.pathname];
    if (route && req.method === 'GET') {
      seen.route = url.pathname;
      return route(req, res);
    }
    const postRoute = options.postRoutes?.[url.pathname];
    if (postRoute && req.method === 'POST') {
      seen.route = url.pathname;
      return postRoute(req, res);
    }
    if (url.pathname !== graphqlPath) throw new HttpProblem(404, `no route ${url.pathname}`);
    seen.route = graphqlPath;

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const body =
      req.method === 'POST' ? parseBody(await readBody(req, maxBodyBytes), headers.get('content-type')) : undefined;
    seen.operationName = operationNameOf(body) ?? url.searchParams.get('operationName') ?? undefined;
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => contextWithRequestId(req, options.context),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }
}

/**
 * Builds the context; a refusal there (a missing token, a malformed header) carries the request id
 * like every other error, since it never reaches the plugins that add it to errors of a request.
 */
async function contextWithRequestId<TContext>(
  req: IncomingMessage,
  build: (req: IncomingMessage) => Promise<TContext>,
): Promise<TContext> {
  try {
    return await build(req);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw new GraphQLError(error.message, { extensions: { ...error.extensions, requestId: requestIdOf(req) } });
  }
}

/**
 * The request's id: the caller's `x-request-id` when well-formed (the gateway sends its own to
 * subgraphs), otherwise a new one. Written back to the request headers, so every layer (context
 * builders, logs, the response header) reads the same id.
 */
function assignRequestId(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  if (typeof given === 'string' && REQUEST_ID_PATTERN.test(given)) return given;
  const id = randomUUID();
  req.headers[REQUEST_ID_HEADER] = id;
  return id;
}

/** The id the HTTP front assigned to this request (read it from context builders and handlers). */
export function requestIdOf(req: IncomingMessage): string {
  return req.headers[REQUEST_ID_HEADER] as string;
}

function operationNameOf(body: unknown): string | undefined {
  const name =
    typeof body === 'object' && body !== null ? (body as { operationName?: unknown }).operationName : undefined;
  return typeof name === 'string' && name.length <= 100 ? name : undefined;
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return (await readBodyBytes(req, limit)).toString('utf8');
}

/** The request body, refused with HTTP 413 (and drained) once it passes `limit` bytes. */
export function readBodyBytes(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(new HttpProblem(413, `request body larger than ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new HttpProblem(413, `request body larger than ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType: string | undefined): unknown {
  if (!contentType?.startsWith('application/json')) return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'request body is not valid JSON');
  }
}
