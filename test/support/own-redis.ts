import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A redis-server of one test file, on its own port and directory, with the append-only file on:
 * the test may shut it down and start it again (same port, same data) without touching the
 * shared Redis.
 */
export interface OwnRedis {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Whether the server process runs. */
  readonly running: boolean;
  /** `SHUTDOWN` (the AOF is flushed), then waits for the process to exit. */
  shutdown(): Promise<void>;
  /** Starts it again on the same port and directory; resolves when it answers PING. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its directory. */
  destroy(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hub-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let log = '';

  async function start(): Promise<void> {
    if (child) throw new Error('own redis-server is already running');
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    started.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    started.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    exited = new Promise<void>((resolve) => started.once('exit', () => {
      if (child === started) child = null;
      resolve();
    }));
    const deadline = Date.now() + 10_000;
    for (;;) {
      const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        // Loading the AOF answers LOADING errors until done: wait for a real PONG.
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      if (!child) throw new Error(`redis-server exited while starting:\n${log}`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within 10 s:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function shutdown(): Promise<void> {
    if (!child) return;
    const admin = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    admin.on('error', () => undefined);
    await admin.connect();
    // SHUTDOWN closes the connection instead of answering.
    await admin.call('SHUTDOWN').catch(() => undefined);
    admin.disconnect();
    await exited;
  }

  await start();
  return {
    url,
    port,
    dir,
    get running() {
      return child !== null;
    },
    shutdown,
    start,
    async destroy() {
      if (child) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
