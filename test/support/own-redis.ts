import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
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

/**
 * A port the OS has just handed out and taken back. Not reserved: another process may bind it before
 * redis-server does, which startOwnRedis notices and answers with a fresh port.
 */
async function portFromOs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** What redis-server logs when another process holds its port (then it exits). */
const PORT_TAKEN = /Address already in use/;
const PORT_ATTEMPTS = 5;
const START_TIMEOUT_MS = 10_000;

/**
 * Why retry rather than something cleverer: redis-server cannot be given port 0 (for Redis that
 * means "no TCP at all"), and a unix socket would not do, since the workers, BullMQ and the test
 * harness take a redis:// URL. So we ask the OS for a free port and, if it is taken before
 * redis-server binds it (it logs "Address already in use" and exits), ask again. A restart keeps
 * its port (the clients hold the URL); should another process have taken it meanwhile, start()
 * fails saying so.
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'hub-redis-'));
  let port = 0;
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  /** Starts redis-server on `port`; 'port taken' when another process holds it (it has exited then). */
  async function launch(): Promise<'started' | 'port taken'> {
    if (child) throw new Error('own redis-server is already running');
    const started = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    let log = '';
    const outputChanged = new Set<() => void>();
    const onOutput = (chunk: Buffer) => {
      log += chunk.toString('utf8');
      outputChanged.forEach((listener) => listener());
    };
    started.stdout.on('data', onOutput);
    started.stderr.on('data', onOutput);
    exited = new Promise<void>((resolve) =>
      started.once('close', () => {
        if (child === started) child = null;
        outputChanged.forEach((listener) => listener());
        resolve();
      }),
    );
    // It logs "Ready to accept connections" once it listens and has loaded the append-only file.
    const outcome = await new Promise<'ready' | 'port taken' | Error>((resolve) => {
      const check = () => {
        if (/Ready to accept connections/.test(log)) resolve('ready');
        else if (child === started) return;
        else if (PORT_TAKEN.test(log)) resolve('port taken');
        else resolve(new Error(`redis-server exited while starting:\n${log}`));
      };
      const timeout = () =>
        resolve(new Error(`redis-server on port ${port} not ready within ${START_TIMEOUT_MS} ms:\n${log}`));
      const timer = setTimeout(timeout, START_TIMEOUT_MS);
      outputChanged.add(check);
      void exited.then(() => clearTimeout(timer));
      check();
    });
    outputChanged.clear();
    if (outcome instanceof Error) {
      started.kill('SIGKILL');
      throw outcome;
    }
    if (outcome === 'port taken') return 'port taken';
    const probe = new Redis(urlOf(port), { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      // ioredis types the answer as 'PONG'; a wrong server may say anything.
      const pong: string = await probe.ping();
      if (pong !== 'PONG') throw new Error(`redis-server on port ${port} answered PING with ${pong}`);
    } finally {
      probe.disconnect();
    }
    return 'started';
  }

  async function start(): Promise<void> {
    if ((await launch()) === 'port taken') {
      throw new Error(`port ${port} of this test's redis-server was taken by another process while it was down`);
    }
  }

  async function shutdown(): Promise<void> {
    if (!child) return;
    const admin = new Redis(urlOf(port), { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    admin.on('error', () => undefined);
    await admin.connect();
    // SHUTDOWN closes the connection instead of answering.
    await admin.call('SHUTDOWN').catch(() => undefined);
    admin.disconnect();
    await exited;
  }

  for (let attempt = 1; ; attempt++) {
    port = await portFromOs();
    if ((await launch()) === 'started') break;
    if (attempt === PORT_ATTEMPTS) throw new Error(`redis-server found its port taken ${PORT_ATTEMPTS} times in a row`);
  }
  return {
    url: urlOf(port),
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

const urlOf = (port: number) => `redis://127.0.0.1:${port}`;
