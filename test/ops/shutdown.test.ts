/**
 * Graceful shutdown of a real process: a prefecture subgraph (`subgraphs/prefecture/server.ts`,
 * as production runs it) gets SIGTERM while a request is in flight. It stops accepting new
 * connections at once, finishes the request with 200, closes its database and exits 0.
 *
 * The request is held in flight by the client: it sends the headers and half the body, and the
 * rest only after the signal, so the test needs no slow endpoint or test-only hook.
 *
 * A job in flight: test/workers/worker-crash.test.ts ("SIGTERM: the process finishes its active
 * jobs, exits 0 …") sends SIGTERM to `workers/server.ts` mid-run and checks that the active
 * prefecture jobs finish (DONE, one attempt), nothing new is taken, and no job is lost or run twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hubTokenFor, TEST_PUBLIC_KEYS, VIEWER } from '../support/hub-tokens.js';
import { freePort } from '../support/own-redis.js';

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** JSON log lines so far. */
  logs(): Record<string, unknown>[];
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

const running: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startPrefectureSubgraph(): Promise<Started> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-shutdown-'));
  dirs.push(dir);
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/prefecture/server.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'info',
      PREFECTURE_CODE: '530100',
      SQLITE_PATH: join(dir, 'prefecture.sqlite'),
      GATEWAY_PUBLIC_KEYS: JSON.stringify(TEST_PUBLIC_KEYS),
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  const listeners = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    listeners.forEach((l) => l());
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      listeners.forEach((l) => l());
      resolve({ code, signal });
    }),
  );
  const logs = () => output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  const waitForLog = (msg: string, timeoutMs = 60_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = logs().find((entry) => entry.msg === msg);
        if (found) return done(null, found);
        if (child.exitCode !== null || child.signalCode !== null) done(new Error(`process exited before logging "${msg}":\n${output}`));
      };
      const timer = setTimeout(() => done(new Error(`no "${msg}" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const done = (error: Error | null, entry?: Record<string, unknown>) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolve(entry!);
      };
      listeners.add(check);
      check();
    });
  const started = { child, port, exited, logs, waitForLog };
  await waitForLog('prefecture subgraph ready');
  return started;
}

/** A raw HTTP/1.1 exchange we control byte by byte. */
function openConnection(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Connects until the port refuses (resolves with that error) or `ms` pass (throws). */
async function refusedWithin(port: number, ms: number): Promise<NodeJS.ErrnoException> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      (await openConnection(port)).destroy();
    } catch (error) {
      return error as NodeJS.ErrnoException;
    }
    if (Date.now() > deadline) throw new Error(`port ${port} still accepts connections ${ms} ms after SIGTERM`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function responseOf(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    socket.once('end', () => resolve(text));
    socket.once('close', () => resolve(text));
    socket.once('error', reject);
  });
}

describe('SIGTERM to a prefecture subgraph with a request in flight', () => {
  it('refuses new connections, finishes the request with 200, and exits 0', async () => {
    const server = await startPrefectureSubgraph();
    const body = JSON.stringify({ query: '{ projectStats { total } }' });
    const token = await hubTokenFor(VIEWER, '530100');
    const socket = await openConnection(server.port);
    const response = responseOf(socket);
    const half = Math.floor(body.length / 2);
    socket.write(
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n' +
        `x-hub-token: ${token}\r\nx-request-id: shutdown-test-0001\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n` +
        body.slice(0, half),
    );
    // Let the server start reading the request before the signal.
    await new Promise((resolve) => setTimeout(resolve, 200));

    server.child.kill('SIGTERM');
    await server.waitForLog('shutting down');
    // No new connection is accepted while the old request is still being served. (The log line is
    // written just before the listener closes: on a loaded machine one connect may still land.)
    expect(await refusedWithin(server.port, 3_000)).toMatchObject({ code: 'ECONNREFUSED' });
    expect(server.child.exitCode).toBeNull();

    socket.write(body.slice(half));
    const text = await response;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text.toLowerCase()).toContain('x-request-id: shutdown-test-0001');
    expect(text).toContain('"data":{"projectStats":{"total":0}}');
    // It goes as soon as that request is answered (no wait for the kept-alive connection to idle out).
    const answered = performance.now();
    const exit = await server.exited;
    expect(exit, JSON.stringify(server.logs())).toEqual({ code: 0, signal: null });
    expect(performance.now() - answered).toBeLessThan(3_000);
    // The in-flight request was logged with its request id before the process went.
    expect(server.logs().find((entry) => entry.msg === 'request')).toMatchObject({ requestId: 'shutdown-test-0001', route: '/graphql', status: 200 });
  }, 120_000);

  it('exits 0 at once when idle, closing idle keep-alive connections instead of waiting for them', async () => {
    const server = await startPrefectureSubgraph();
    // A kept-alive connection that served a request and now idles (as a gateway's pool holds them).
    const socket = await openConnection(server.port);
    const closed = responseOf(socket);
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    server.child.kill('SIGTERM');
    // The server closes the idle connection itself at once, well before its 5 s keep-alive timeout.
    expect(await closed).toMatch(/^HTTP\/1\.1 200 /);
    expect(performance.now() - started).toBeLessThan(4_500);
    const exit = await server.exited;
    expect(exit, JSON.stringify(server.logs())).toEqual({ code: 0, signal: null });
  }, 120_000);
});
