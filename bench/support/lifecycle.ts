/**
 * Cleanup and child processes of a benchmark run: whatever happens (normal end, thrown error,
 * Ctrl-C, runtime limit), temp files, scratch databases and child processes go away.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

type Cleanup = () => Promise<void> | void;
const cleanups: { name: string; run: Cleanup }[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | null = null;

/** Registers a cleanup step; steps run last-registered first. */
export function onCleanup(name: string, run: Cleanup): void {
  cleanups.push({ name, run });
}

/** Stops every child and runs every cleanup step registered so far (a call meanwhile waits for it). */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) await stopChild(child);
    while (cleanups.length) {
      const step = cleanups.pop()!;
      try {
        await step.run();
      } catch (error) {
        console.error(`cleanup "${step.name}" failed: ${(error as Error).message}`);
      }
    }
  })().finally(() => {
    cleaning = null;
  });
  return cleaning;
}

/**
 * Runs `main` with cleanup on every way out, and aborts the run when it exceeds `limitMs`
 * (the benchmarks promise to finish in under 5 minutes).
 */
export function runBenchmark(name: string, limitMs: number, main: () => Promise<void>): void {
  const limit = setTimeout(() => {
    console.error(`${name}: runtime limit of ${Math.round(limitMs / 1000)} s reached; aborting`);
    void cleanup().finally(() => process.exit(3));
  }, limitMs);
  limit.unref();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`${name}: ${signal}; cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  // Last resort if the process exits without the async cleanup (e.g. process.exit elsewhere).
  process.once('exit', () => {
    for (const child of children) killGroup(child, 'SIGKILL');
  });
  main().then(
    async () => {
      await cleanup();
      clearTimeout(limit);
      process.exit(0);
    },
    async (error: unknown) => {
      console.error(`${name} failed:`, error);
      await cleanup();
      process.exit(1);
    },
  );
}

export interface ChildHandle {
  readonly process: ChildProcess;
  /** Resolves with the first JSON log line `accept` returns a value for. */
  waitFor<T>(accept: (line: Record<string, any>) => T | undefined, timeoutMs: number): Promise<T>;
  /** Last lines the child wrote, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx bench/support/guard.ts <module>` in its own process group, with the
 * environment given. Its stdout is read as JSON lines (pino); stderr is kept for error messages.
 */
export function startChild(label: string, module: string, env: Record<string, string>, nodeArgs: string[] = []): ChildHandle {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'bench/support/guard.ts', module], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  const lines: string[] = [];
  const listeners = new Set<(line: Record<string, any>) => void>();
  const keep = (text: string) => {
    lines.push(text);
    if (lines.length > 40) lines.shift();
  };
  createInterface({ input: child.stdout! }).on('line', (text) => {
    keep(text);
    let parsed: Record<string, any>;
    try {
      parsed = JSON.parse(text);
    } catch {
      return;
    }
    for (const listener of listeners) listener(parsed);
  });
  createInterface({ input: child.stderr! }).on('line', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then(() => children.delete(child));

  return {
    process: child,
    tail: () => lines.join('\n'),
    waitFor<T>(accept: (line: Record<string, any>) => T | undefined, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${label}: not ready within ${timeoutMs} ms; last output:\n${lines.join('\n')}`));
        }, timeoutMs);
        const listener = (line: Record<string, any>) => {
          const value = accept(line);
          if (value !== undefined) {
            done();
            resolve(value);
          }
        };
        listeners.add(listener);
        exited.then((code) => {
          done();
          reject(new Error(`${label}: exited with code ${code} before it was ready; last output:\n${lines.join('\n')}`));
        });
      });
    },
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    children.delete(child);
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

/** Signals the child's process group (it was spawned detached, so it leads one). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}
