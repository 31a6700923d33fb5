/**
 * Cleanup and child processes of a benchmark run: whatever happens (normal end, thrown error,
 * Ctrl-C, runtime limit), temp files, scratch databases and child processes go away.
 */
import { startService, type ServiceProcess } from '../../scripts/service-process.js';

type Cleanup = () => Promise<void> | void;
const cleanups: { name: string; run: Cleanup }[] = [];
const children = new Set<ServiceProcess>();
let cleaning: Promise<void> | null = null;

/** Registers a cleanup step; steps run last-registered first. */
export function onCleanup(name: string, run: Cleanup): void {
  cleanups.push({ name, run });
}

/** Stops every child and runs every cleanup step registered so far (a call meanwhile waits for it). */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) await child.stop(5_000);
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
    for (const child of children) child.signal('SIGKILL');
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

/** A benchmark child: a service of the hub (scripts/service-process.ts) run under guard.ts. */
export type ChildHandle = ServiceProcess;

/**
 * Starts `node --import tsx bench/support/guard.ts <module>` in its own process group, with the
 * environment given. Its stdin stays open (guard.ts stops the child when it closes, i.e. when the
 * benchmark dies); the last 40 lines of its output are kept for error messages. cleanup() stops it.
 */
export function startChild(
  label: string,
  module: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): ChildHandle {
  const child = startService({
    name: label,
    entry: 'bench/support/guard.ts',
    args: [module],
    nodeArgs,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    keepLines: 40,
    detached: true,
    stdinPipe: true,
  });
  children.add(child);
  void child.exited.then(() => children.delete(child));
  return child;
}

/**
 * Starts a compiled entry point (`node <nodeArgs> dist/….js`, as the image runs it) in its own
 * process group, without tsx or guard.ts, so its memory is what production's is. cleanup() stops it.
 */
export function startCompiledChild(
  label: string,
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): ChildHandle {
  const child = startService({
    name: label,
    entry: script,
    nodeArgs: ['--enable-source-maps', ...nodeArgs],
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    keepLines: 40,
    detached: true,
  });
  children.add(child);
  void child.exited.then(() => children.delete(child));
  return child;
}
