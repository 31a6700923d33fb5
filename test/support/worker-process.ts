import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_USER_TOKENS } from '../../bench/support/hub-harness.js';
import type { MetricsHubHarness } from './metrics-harness.js';

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves when the process has exited, with its code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Whether the process is still running. */
  readonly running: boolean;
  /** What it printed (JSON log lines), for failure messages. */
  output(): string;
  /** Resolves once a log line contains `text`. */
  waitForLog(text: string, timeoutMs?: number): Promise<void>;
  /** SIGKILLs it if it still runs and waits for the exit (afterAll safety net). */
  kill(): Promise<void>;
}

/**
 * The metric workers as production runs them (`workers/server.ts` in its own Node process) wired
 * to a metrics harness: its gateway, its hub database file, its queue prefix and Redis. Resolves
 * once the process logs that it is ready.
 */
export async function startWorkerProcess(harness: MetricsHubHarness, env: Record<string, string> = {}, readyTimeoutMs = 45_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/server.ts'], {
    cwd: process.cwd(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      GATEWAY_URL: harness.hub.gatewayUrl,
      SQLITE_PATH: harness.provinceDbPath,
      USER_TOKEN_SECRET: TEST_USER_TOKENS.secret,
      USER_TOKEN_ISSUER: TEST_USER_TOKENS.issuer,
      USER_TOKEN_AUDIENCE: TEST_USER_TOKENS.audience,
      REDIS_URL: harness.redisUrl,
      QUEUE_PREFIX: harness.prefix,
      ATTEMPTS: '2',
      BACKOFF_MS: '100',
      LOCK_DURATION_MS: '2000',
      STALLED_INTERVAL_MS: '1000',
      CONCURRENCY: '2',
      BOARD_PORT: 'off',
      METRICS_PORT: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let running = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      for (const listener of listeners) listener();
      resolve({ code, signal });
    });
  });

  const waitForLog = (text: string, timeoutMs = 30_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (output.includes(text)) return done(null);
        if (!running) return done(new Error(`worker process exited before logging "${text}":\n${output}`));
      };
      const timer = setTimeout(() => done(new Error(`worker process did not log "${text}" within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const done = (error: Error | null) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) reject(error);
        else resolve();
      };
      listeners.add(check);
      check();
    });

  const handle: WorkerProcess = {
    child,
    pid: child.pid!,
    exited,
    get running() {
      return running;
    },
    output: () => output,
    waitForLog,
    async kill() {
      if (running) child.kill('SIGKILL');
      await exited;
    },
  };
  try {
    await waitForLog('metric workers ready', readyTimeoutMs);
  } catch (error) {
    await handle.kill();
    throw error;
  }
  return handle;
}
