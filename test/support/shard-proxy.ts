import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kind, parse, print, visit, type DocumentNode } from 'graphql';

/**
 * How the proxy treats a request:
 *  - `pass`: forwards it as is;
 *  - `delay`: forwards it after `delayMs` (dropped if the caller gives up first);
 *  - `hold`: keeps a query until `release()` (dropped if the caller gives up first; contract
 *    checks pass): "slow until the test has seen what it waits for", with no race against a clock;
 *  - `delayAnswer`: forwards it at once, and holds the shard's answer for `delayMs` (the shard has
 *    done its work — a write is committed — when the caller gives up waiting);
 *  - `garbage`: answers 200 with a body that is not JSON, without forwarding;
 *  - `incompatible`: forwards it, but when the operation selects `_service`, rewrites the SDL in the
 *    answer so that it breaks the prefecture contract (`Query.projectStats` removed).
 */
export type ShardProxyMode = 'pass' | 'delay' | 'hold' | 'delayAnswer' | 'garbage' | 'incompatible';

export interface ShardProxy {
  /** GraphQL URL of the proxy (same path as the target's). */
  readonly url: string;
  mode: ShardProxyMode;
  /** Wait of `delay` mode, ms. */
  delayMs: number;
  /** POSTs received since the last reset. */
  readonly posts: number;
  /** POSTs selecting `_service`: the gateway's contract checks. */
  readonly probes: number;
  /** POSTs that are not contract checks: real query and mutation traffic. */
  readonly queries: number;
  /** Most queries (not contract checks) open at the same time since the last reset. */
  readonly mostQueriesInFlight: number;
  /**
   * Per-request override of `mode`: for a query it matches, answer garbage, or forward it and
   * rewrite the parsed answer. Null (default): `mode` decides.
   */
  tamper:
    | ((request: { query: string; variables?: Record<string, unknown> }) => 'garbage' | ((answer: any) => void) | null)
    | null;
  /** The x-hub-token of every POST since the last reset, as it went by (a captured credential). */
  readonly hubTokens: readonly { readonly token: string; readonly probe: boolean }[];
  /** Bodies of the queries (not contract checks) since the last reset, parsed. */
  readonly queryBodies: readonly { query: string; variables?: Record<string, unknown> }[];
  /** Forwards every request `hold` mode keeps, and passes from now on. */
  release(): void;
  /** Sets the counters back to zero. */
  reset(): void;
  close(): Promise<void>;
}

/** A real HTTP proxy on 127.0.0.1 in front of a shard's GraphQL URL. */
export async function startShardProxy(
  targetUrl: string,
  options: { mode?: ShardProxyMode; delayMs?: number } = {},
): Promise<ShardProxy> {
  const target = new URL(targetUrl);
  const pending = new Set<NodeJS.Timeout>();
  /** Requests `hold` mode keeps, each a call that forwards it. */
  const held = new Set<() => void>();
  let posts = 0;
  let probes = 0;
  let queriesInFlight = 0;
  let mostQueriesInFlight = 0;
  let queryBodies: { query: string; variables?: Record<string, unknown> }[] = [];
  let hubTokens: { token: string; probe: boolean }[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => res.destroy());
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const probe = req.method === 'POST' && selectsService(body);
    if (req.method === 'POST') {
      posts++;
      const token = req.headers['x-hub-token'];
      if (typeof token === 'string') hubTokens.push({ token, probe });
      if (probe) probes++;
      else {
        queryBodies.push(JSON.parse(body.toString('utf8')));
        mostQueriesInFlight = Math.max(mostQueriesInFlight, ++queriesInFlight);
        res.on('close', () => queriesInFlight--);
      }
    }
    const tampered =
      req.method === 'POST' && !probe && proxy.tamper ? proxy.tamper(JSON.parse(body.toString('utf8'))) : null;
    if (typeof tampered === 'function') return forward(req, res, body, tampered);
    switch (tampered ?? proxy.mode) {
      case 'garbage':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html><body>502 Bad Gateway (but with status 200)</body></html>');
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          pending.delete(timer);
          forward(req, res, body, null);
        }, proxy.delayMs);
        pending.add(timer);
        // The caller gave up: do not bother the shard with a request nobody waits for.
        res.on('close', () => {
          clearTimeout(timer);
          pending.delete(timer);
        });
        return;
      }
      case 'hold': {
        // The gateway's contract checks pass: only the traffic is held, the shard stays admitted.
        if (probe) return forward(req, res, body, null);
        const send = () => {
          held.delete(send);
          forward(req, res, body, null);
        };
        held.add(send);
        res.on('close', () => held.delete(send));
        return;
      }
      case 'incompatible':
        forward(req, res, body, probe ? breakContract : null);
        return;
      case 'delayAnswer':
        forward(req, res, body, null, proxy.delayMs);
        return;
      case 'pass':
        forward(req, res, body, null);
    }
  }

  /** Sends the request on; `rewrite` (if any) changes the parsed JSON answer before it goes back. */
  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    rewrite: ((answer: any) => void) | null,
    holdMs = 0,
  ): void {
    if (res.destroyed) return;
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    const upstream = httpRequest(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', () => res.destroy());
        answer.on('end', () => {
          let payload = Buffer.concat(chunks);
          if (rewrite) {
            try {
              const json = JSON.parse(payload.toString('utf8'));
              rewrite(json);
              payload = Buffer.from(JSON.stringify(json));
            } catch (error) {
              res.writeHead(500, { 'content-type': 'text/plain' });
              res.end(`shard proxy could not rewrite the answer: ${(error as Error).message}`);
              return;
            }
          }
          const outHeaders = { ...answer.headers, 'content-length': String(payload.length) };
          delete outHeaders['transfer-encoding'];
          const reply = () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode ?? 502, outHeaders);
            res.end(payload);
          };
          if (holdMs <= 0) return reply();
          const timer = setTimeout(() => {
            pending.delete(timer);
            reply();
          }, holdMs);
          pending.add(timer);
        });
      },
    );
    // The shard is gone: the caller sees its connection dropped, as it would without the proxy.
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const proxy: ShardProxy = {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    mode: options.mode ?? 'pass',
    delayMs: options.delayMs ?? 0,
    tamper: null,
    get posts() {
      return posts;
    },
    get probes() {
      return probes;
    },
    get queries() {
      return posts - probes;
    },
    get mostQueriesInFlight() {
      return mostQueriesInFlight;
    },
    get queryBodies() {
      return queryBodies;
    },
    get hubTokens() {
      return hubTokens;
    },
    release() {
      proxy.mode = 'pass';
      for (const send of [...held]) send();
    },
    reset() {
      queryBodies = [];
      hubTokens = [];
      posts = 0;
      probes = 0;
      mostQueriesInFlight = queriesInFlight;
    },
    async close() {
      for (const timer of pending) clearTimeout(timer);
      pending.clear();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Whether the GraphQL request in `body` selects `_service` anywhere. */
function selectsService(body: Buffer): boolean {
  let document: DocumentNode;
  try {
    const { query } = JSON.parse(body.toString('utf8')) as { query?: unknown };
    if (typeof query !== 'string') return false;
    document = parse(query);
  } catch {
    return false;
  }
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '_service') found = true;
    },
  });
  return found;
}

/** Rewrites `data._service.sdl` of an answer so that `Query.projectStats` is gone. */
function breakContract(answer: any): void {
  const service = answer?.data?._service;
  if (typeof service?.sdl !== 'string') return;
  service.sdl = withoutQueryField(service.sdl, 'projectStats');
}

/** The SDL with one field of `type Query` (or `extend type Query`) removed, whatever its layout. */
function withoutQueryField(sdl: string, fieldName: string): string {
  let removed = 0;
  const edited = visit(parse(sdl), {
    enter(node) {
      if (
        (node.kind === Kind.OBJECT_TYPE_DEFINITION || node.kind === Kind.OBJECT_TYPE_EXTENSION) &&
        node.name.value === 'Query'
      ) {
        const fields = node.fields?.filter((field) => field.name.value !== fieldName);
        removed += (node.fields?.length ?? 0) - (fields?.length ?? 0);
        return { ...node, fields };
      }
      return undefined;
    },
  });
  if (removed === 0) throw new Error(`the SDL has no Query.${fieldName} to remove`);
  return print(edited);
}
