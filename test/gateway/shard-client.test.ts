import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callShard,
  MAX_SHARD_RESPONSE_BYTES,
  ShardCallError,
  shardRequestBody,
} from '../../gateway/shards/shard-client.js';

/** Requests each connection has carried (for /reset-reused). */
const servedOn = new WeakMap<object, number>();

const BAD_INPUT_ERROR = { message: 'Variable "$f" got invalid value', extensions: { code: 'BAD_USER_INPUT' } };

/** How the test server answers, by path. */
const ANSWERS: Record<string, (res: import('node:http').ServerResponse) => void> = {
  '/ok': (res) => res.end(JSON.stringify({ data: { ok: true } })),
  '/huge': (res) => {
    // Chunks until the client hangs up; a shard gone wrong could send forever.
    const chunk = Buffer.alloc(1024 * 1024, 'x');
    const write = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', write);
    };
    write();
  },
  '/stall': (res) => res.write('{"data":'),
  '/html': (res) => res.end('<html>bad gateway</html>'),
  '/not-graphql': (res) => res.end(JSON.stringify({ hello: 'world' })),
  // Resets a connection that already served a request, as a shard closing a kept-alive one would.
  '/reset-reused': (res) => {
    if (servedOn.get(res.socket!)! > 1) res.socket!.destroy();
    else res.end(JSON.stringify({ data: { ok: true } }));
  },
  '/reset-always': (res) => res.socket!.destroy(),
  '/bad-input': (res) => {
    res.statusCode = 400;
    res.end(JSON.stringify({ errors: [BAD_INPUT_ERROR] }));
  },
  '/refused': (res) => {
    res.statusCode = 400;
    res.end(JSON.stringify({ errors: [{ message: 'Syntax Error' }] }));
  },
};

describe('callShard over real HTTP', () => {
  let server: Server;
  let base: string;
  let connections = 0;
  const bodies: string[] = [];
  const keys: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(body);
        keys.push(req.headers['idempotency-key'] as string | undefined);
        servedOn.set(req.socket, (servedOn.get(req.socket) ?? 0) + 1);
        res.setHeader('content-type', 'application/json');
        (ANSWERS[req.url ?? ''] ?? ANSWERS['/ok'])(res);
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const call = (path: string, timeoutMs = 2_000) =>
    callShard({ url: `${base}${path}`, body: shardRequestBody('{ ok }', { a: 1 }), hubToken: 't', timeoutMs });
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ShardCallError);
    return error as ShardCallError;
  };

  it('sends the body as given and reuses one kept-alive connection for calls in turn', async () => {
    const before = connections;
    for (let i = 0; i < 5; i++) expect(await call('/ok')).toEqual({ data: { ok: true } });
    expect(connections - before).toBe(1);
    expect(JSON.parse(bodies.at(-1)!)).toEqual({ query: '{ ok }', variables: { a: 1 } });
  });

  it('sends a call once more on a fresh connection when a kept-alive one is reset before any answer', async () => {
    await call('/ok'); // leaves a kept-alive connection
    const [before, posts] = [connections, bodies.length];
    expect(await call('/reset-reused')).toEqual({ data: { ok: true } });
    // It went out on the kept-alive connection, was reset there, and went out again on a new one.
    expect(bodies.length - posts).toBe(2);
    expect(connections - before).toBe(1);
  });

  it('tries a fresh connection only once: a shard that resets every call is unreachable', async () => {
    await call('/ok'); // leaves a kept-alive connection
    const posts = bodies.length;
    // The shard got the request before the connection broke: a write's outcome is unknown.
    expect(await failure(call('/reset-always'))).toMatchObject({
      reason: 'UNREACHABLE',
      message: 'is unreachable (ECONNRESET)',
      mayHaveArrived: true,
    });
    expect(bodies.length - posts).toBe(2);
  });

  it('refuses an answer larger than the limit as BAD_RESPONSE', async () => {
    const error = await failure(call('/huge', 20_000));
    expect(error.reason).toBe('BAD_RESPONSE');
    expect(error.message).toContain(`more than ${MAX_SHARD_RESPONSE_BYTES / 1024 / 1024} MiB`);
  });

  it('times out a shard that sends headers and then stalls', async () => {
    const error = await failure(call('/stall', 300));
    expect(error).toMatchObject({ reason: 'TIMEOUT', message: 'did not answer within 300 ms', mayHaveArrived: true });
  });

  it('names bodies that are not JSON, JSON that is not GraphQL, and refusals', async () => {
    expect(await failure(call('/html'))).toMatchObject({
      reason: 'BAD_RESPONSE',
      message: expect.stringContaining('not JSON'),
    });
    expect(await failure(call('/not-graphql'))).toMatchObject({
      reason: 'BAD_RESPONSE',
      message: expect.stringContaining('not a GraphQL response'),
    });
    // The shard's own text is kept for the log, out of the message that reaches clients.
    expect(await failure(call('/refused'))).toMatchObject({
      reason: 'BAD_RESPONSE',
      message: 'refused the request with HTTP 400',
      detail: 'Syntax Error',
    });
  });

  it("resolves an HTTP 400 refusing only the caller's input: the shard answered correctly", async () => {
    const answer = await call('/bad-input');
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([BAD_INPUT_ERROR]);
  });

  it('calls a port nobody listens on UNREACHABLE, and a URL that is not http(s) too', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await failure(
      callShard({ url: `http://127.0.0.1:${port}/graphql`, body: '{}', hubToken: 't', timeoutMs: 2_000 }),
    );
    // Refused: nothing reached a shard, so a write was certainly not applied.
    expect(down).toMatchObject({
      reason: 'UNREACHABLE',
      message: 'is unreachable (ECONNREFUSED)',
      mayHaveArrived: false,
    });
    const ftp = await failure(
      callShard({ url: 'ftp://127.0.0.1/graphql', body: '{}', hubToken: 't', timeoutMs: 2_000 }),
    );
    expect(ftp).toMatchObject({ reason: 'UNREACHABLE', mayHaveArrived: false });
  });

  it('sends the idempotency-key header of a mutation field, and none on reads', async () => {
    const body = shardRequestBody('mutation { ok }');
    await callShard({ url: `${base}/ok`, body, hubToken: 't', idempotencyKey: 'client-key:ok', timeoutMs: 2_000 });
    expect(keys.at(-1)).toBe('client-key:ok');
    await call('/ok');
    expect(keys.at(-1)).toBeUndefined();
  });
});
