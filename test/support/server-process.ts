import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './own-redis.js';

/** A server of the hub started as production starts it, in its own Node process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** JSON log lines so far. */
  logs(): Record<string, unknown>[];
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

const running: ChildProcess[] = [];

/** SIGKILLs every process started here that still runs (call it in afterEach). */
export function killServerProcesses(): void {
  for (const child of running.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Runs `script` (e.g. gateway/server.ts) on a free port with only the given environment (plus PATH,
 * LOG_LEVEL=info and PORT) and resolves once it logs `readyMsg`. `nodeArgs` come before the script:
 * tsx by default; a compiled script (dist/…/*.js) runs with e.g. `--enable-source-maps`.
 */
export async function startServerProcess(
  script: string,
  env: Record<string, string>,
  readyMsg: string,
  nodeArgs: readonly string[] = ['--import', 'tsx'],
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, script], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PORT: String(port), ...env },
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
  const logs = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const waitForLog = (msg: string, timeoutMs = 60_000) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        const found = logs().find((entry) => entry.msg === msg);
        if (found) return done(null, found);
        if (child.exitCode !== null || child.signalCode !== null) {
          done(new Error(`process exited before logging "${msg}":\n${output}`));
        }
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
  await waitForLog(readyMsg);
  return started;
}
