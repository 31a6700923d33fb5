import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER, REQUEST_ID_PATTERN, withLogScope } from '../observability/log-scope.js';
import type { HttpExchange } from '../observability/metrics.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** What a context builder may know of the operation: the document text Apollo will run, if any. */
interface RequestedOperation {
  /** The POST body's `query` (after `prepareBody`), or a GET request's one `query` parameter. */
  readonly query: string | undefined;
}

/**
 * Decides, once the caller is known, whether a POSTed operation is answered without executing it
 * (a `hit`, sent as is), or how its executed answer is offered back (`keep`); the gateway's
 * whole-response cache.
 */
type ResponseShortcut<TContext> = (
  body: object,
  context: TContext,
) => Promise<
  | { readonly hit: string; readonly contentType: string }
  | { readonly keep?: (status: number, contentType: string | undefined, body: string) => void }
>;

/** Options of the hub's HTTP front for an Apollo Server. */
export interface GraphQLHttpServerOptions<TContext extends BaseContext> {
  readonly apollo: ApolloServer<TContext>;
  /** Builds the per-request context; throw a GraphQLError with `extensions.http.status` to refuse. */
  readonly context: (req: IncomingMessage, operation: RequestedOperation) => Promise<TContext>;
  /**
   * Rewrites a POST body (parsed JSON) before Apollo reads it, e.g. a trusted-document id into its
   * text; throw a GraphQLError with `extensions.http.status` to refuse the request.
   */
  readonly prepareBody?: (body: unknown) => unknown;
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
  /** Answers POSTed operations before Apollo parses them, when it can (see ResponseShortcut). */
  readonly shortcut?: ResponseShortcut<TContext>;
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

/** The body passed the route's limit (HTTP 413); a route may say so in its own words. */
export class BodyTooLarge extends HttpProblem {
  constructor(readonly limit: number) {
    super(413, `request body larger than ${limit} bytes`);
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
      if (error instanceof GraphQLError && statusOf(error) !== undefined && !res.headersSent) {
        refuse(res, error, requestId);
        return;
      }
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
    const parsed =
      req.method === 'POST' ? parseBody(await readBody(req, maxBodyBytes), headers.get('content-type')) : undefined;
    seen.operationName = operationNameOf(parsed) ?? url.searchParams.get('operationName') ?? undefined;
    const body = parsed !== undefined && options.prepareBody ? options.prepareBody(parsed) : parsed;
    const operation = { query: queryOf(req.method, body, url) };
    let context = () => contextWithRequestId(req, (r) => options.context(r, operation));
    let keep: ((status: number, contentType: string | undefined, body: string) => void) | undefined;
    if (options.shortcut && typeof body === 'object' && body !== null && !Array.isArray(body)) {
      // The caller is authenticated (and rate-limited, and held to the trusted-document policy)
      // before anything is answered from a shortcut; the shortcut sees the prepared body, so a
      // trusted-document id and its text are one entry.
      const built = await context().then(
        (value) => ({ value }),
        (error: Error) => ({ error }),
      );
      if ('value' in built) {
        const decision = await options.shortcut(body, built.value);
        if ('hit' in decision) {
          res.writeHead(200, { 'content-type': decision.contentType });
          res.end(decision.hit);
          return;
        }
        keep = decision.keep;
        context = () => Promise.resolve(built.value);
      } else {
        // Apollo answers a refused caller as always (contextWithRequestId threw a GraphQLError or worse).
        context = () => Promise.reject(built.error);
      }
    }
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context,
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      keep?.(res.statusCode, response.headers.get('content-type'), response.body.string);
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

/** An error refusing the request before Apollo ran (e.g. from `prepareBody`), in GraphQL's shape. */
function refuse(res: ServerResponse, error: GraphQLError, requestId: string): void {
  const { http: _http, ...extensions } = error.extensions;
  res.writeHead(statusOf(error) ?? 400, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message: error.message, extensions: { ...extensions, requestId } }] }));
}

function statusOf(error: GraphQLError): number | undefined {
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** The text Apollo reads as the document: a POST body's `query`, or a GET's single `query` parameter. */
function queryOf(method: string | undefined, body: unknown, url: URL): string | undefined {
  if (method === 'POST') {
    const query = typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined;
    return typeof query === 'string' ? query : undefined;
  }
  const given = url.searchParams.getAll('query');
  return given.length === 1 ? given[0] : undefined;
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
      reject(new BodyTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(limit));
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
