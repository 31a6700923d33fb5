/**
 * Graceful shutdown of real processes, as production runs them: the gateway (`gateway/server.ts`)
 * and a prefecture subgraph (`subgraphs/prefecture/server.ts`) get SIGTERM with one kept-alive
 * connection idling and one request in flight. They stop accepting at once, close the idle
 * connection at once (a client holding it must not keep them alive), answer the request in flight
 * with `connection: close`, and exit 0; a request that never completes is cut off after
 * SHUTDOWN_DRAIN_MS and the process still goes.
 *
 * Nothing here waits a fixed time: the request is known to be in flight when the server has
 * answered `Expect: 100-continue` (it has read the headers and started the request), and the
 * rest is awaited as events (a connection closing, a response ending, the process exiting).
 *
 * A job in flight: test/workers/worker-crash.test.ts ("SIGTERM: the process finishes its active
 * jobs, exits 0 …") sends SIGTERM to `workers/server.ts` mid-run and checks that the active
 * prefecture jobs finish (DONE, one attempt), nothing new is taken, and no job is lost or run twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { TEST_USER_TOKENS } from '../../bench/support/hub-harness.js';
import { hubTokenFor, TEST_PUBLIC_KEYS, TEST_SIGNING_KEYS, VIEWER } from '../../bench/support/hub-tokens.js';
import {
  killServerProcesses,
  startServerProcess,
  UNREACHABLE_URL,
  type ServerProcess,
} from '../support/server-process.js';

const dirs: string[] = [];
afterEach(async () => {
  await killServerProcesses();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function startPrefectureSubgraph(drainMs: number): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-shutdown-'));
  dirs.push(dir);
  const env = {
    PREFECTURE_CODE: '530100',
    SQLITE_PATH: join(dir, 'prefecture.sqlite'),
    GATEWAY_PUBLIC_KEYS: JSON.stringify(TEST_PUBLIC_KEYS),
    SHUTDOWN_DRAIN_MS: String(drainMs),
  };
  return startServerProcess('subgraphs/prefecture/server.ts', env, 'prefecture subgraph ready');
}

function startGateway(drainMs: number): Promise<ServerProcess> {
  // No province needed: the gateway starts without it and answers `{ __typename }` itself.
  const env = {
    PROVINCE_URL: UNREACHABLE_URL,
    GATEWAY_SIGNING_KEYS: JSON.stringify(TEST_SIGNING_KEYS),
    USER_TOKEN_SECRET: TEST_USER_TOKENS.secret ?? '',
    USER_TOKEN_ISSUER: TEST_USER_TOKENS.issuer,
    USER_TOKEN_AUDIENCE: TEST_USER_TOKENS.audience,
    SHUTDOWN_DRAIN_MS: String(drainMs),
  };
  return startServerProcess('gateway/server.ts', env, 'gateway ready');
}

/** A raw HTTP/1.1 connection we control byte by byte, with what the server sent on it. */
interface Connection {
  readonly socket: Socket;
  /** Resolves once what the server sent satisfies `test`. */
  until(test: (text: string) => boolean): Promise<string>;
  /** Resolves with all the server sent once the connection is closed. */
  readonly closed: Promise<string>;
}

function openConnection(port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      let text = '';
      const waiting = new Set<() => void>();
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        waiting.forEach((w) => w());
      });
      const closed = new Promise<string>((done) => socket.once('close', () => done(text)));
      const until = (test: (text: string) => boolean) =>
        new Promise<string>((done, fail) => {
          const check = () => {
            if (test(text)) {
              waiting.delete(check);
              done(text);
            }
          };
          waiting.add(check);
          socket.once('close', () => fail(new Error(`connection closed before the expected answer; got:\n${text}`)));
          check();
        });
      resolve({ socket, until, closed });
    });
    socket.once('error', reject);
  });
}

interface Target {
  readonly name: string;
  start(drainMs: number): Promise<ServerProcess>;
  /** A request header authorising the query. */
  auth(): Promise<string>;
  readonly query: string;
  readonly answer: string;
}

const TARGETS: Target[] = [
  {
    name: 'the gateway',
    start: startGateway,
    auth: async () => `authorization: Bearer ${await mintUserToken(VIEWER, TEST_USER_TOKENS)}`,
    query: '{ __typename }',
    answer: '"data":{"__typename":"Query"}',
  },
  {
    name: 'a prefecture subgraph',
    start: startPrefectureSubgraph,
    auth: async () => `x-hub-token: ${await hubTokenFor(VIEWER, '530100')}`,
    query: '{ projectStats { total } }',
    answer: '"data":{"projectStats":{"total":0}}',
  },
];

/** Opens a POST whose headers the server has read (it answered 100-continue) and half its body. */
async function requestInFlight(port: number, target: Target, requestId: string) {
  const body = JSON.stringify({ query: target.query });
  const connection = await openConnection(port);
  connection.socket.write(
    'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\nexpect: 100-continue\r\n' +
      `${await target.auth()}\r\nx-request-id: ${requestId}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`,
  );
  await connection.until((text) => text.startsWith('HTTP/1.1 100 Continue'));
  const half = Math.floor(body.length / 2);
  connection.socket.write(body.slice(0, half));
  return { connection, finish: () => connection.socket.write(body.slice(half)) };
}

/**
 * Whether a new connection is served. Refused is no; so is accepted by the kernel (queued just as
 * the listener closed) and then dropped by it unanswered.
 */
async function answersNewConnection(port: number): Promise<boolean> {
  let connection: Connection;
  try {
    connection = await openConnection(port);
  } catch {
    return false;
  }
  connection.socket.on('error', () => undefined);
  connection.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  return (await connection.closed).startsWith('HTTP/');
}

/** A kept-alive connection that served a request and now idles (as a client's pool holds them). */
async function idleKeptAlive(port: number): Promise<Connection> {
  const connection = await openConnection(port);
  connection.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
  await connection.until((text) => text.includes('"status":"ok"'));
  return connection;
}

/**
 * Longer than the test's timeout: a process that waited for the drain period although nothing was
 * left in flight fails the test by its timeout (no wall-clock bound in the test itself).
 */
const DRAIN_MS = 600_000;

for (const target of TARGETS) {
  describe(`SIGTERM to ${target.name}`, () => {
    it('closes an idle kept-alive connection at once, answers the request in flight with connection: close, exits 0', async () => {
      const server = await target.start(DRAIN_MS);
      const idle = await idleKeptAlive(server.port);
      const inFlight = await requestInFlight(server.port, target, 'shutdown-test-0001');

      server.child.kill('SIGTERM');
      // The idle connection is closed by the server, not left to its keep-alive timeout or the client.
      expect(await idle.closed).toMatch(/^HTTP\/1\.1 200 /);
      // It no longer accepts connections, yet still serves the request in flight.
      expect(await answersNewConnection(server.port)).toBe(false);
      expect(server.child.exitCode).toBeNull();

      inFlight.finish();
      const text = await inFlight.connection.closed;
      const response = text.slice(text.indexOf('\r\n\r\n') + 4);
      expect(response).toMatch(/^HTTP\/1\.1 200 /);
      expect(response.toLowerCase()).toContain('connection: close');
      expect(response.toLowerCase()).toContain('x-request-id: shutdown-test-0001');
      expect(response).toContain(target.answer);
      const exit = await server.exited;
      expect(exit, JSON.stringify(server.logs())).toEqual({ code: 0, signal: null });
      // The in-flight request was logged with its request id before the process went.
      expect(server.logs().find((entry) => entry.msg === 'request')).toMatchObject({
        requestId: 'shutdown-test-0001',
        route: '/graphql',
        status: 200,
      });
    }, 120_000);

    it('cuts off a request that never completes once SHUTDOWN_DRAIN_MS has passed, and exits 0', async () => {
      const drainMs = 1_500;
      const server = await target.start(drainMs);
      const stuck = await requestInFlight(server.port, target, 'shutdown-test-0002');
      const signalled = performance.now();
      server.child.kill('SIGTERM');
      const text = await stuck.connection.closed;
      const closedAfter = performance.now() - signalled;
      expect(text).not.toMatch(/HTTP\/1\.1 200 /);
      expect(closedAfter).toBeGreaterThanOrEqual(drainMs - 100);
      const exit = await server.exited;
      // A process that hung after the drain period fails by the test's timeout.
      expect(exit, JSON.stringify(server.logs())).toEqual({ code: 0, signal: null });
    }, 120_000);
  });
}
