/**
 * A hub service (a TypeScript entry point) in its own Node process, and waiting on its JSON log
 * lines. The one place where `npm start`, the benchmarks and the tests start services, so all of
 * them wait the same way: a predicate on the parsed log entries, a timeout, and an error naming
 * the service, what was awaited, its log file and its last output (stderr included).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';

/** One JSON log line of a service (pino). */
export type LogEntry = Record<string, unknown>;

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServiceOptions {
  /** Names the service in error messages. */
  readonly name: string;
  /** The module run: TypeScript as `node --import tsx <entry> <args>`, compiled JavaScript (.js) as `node <entry>`. */
  readonly entry: string;
  readonly args?: readonly string[];
  /** Node flags before `--import tsx`, e.g. --cpu-prof. */
  readonly nodeArgs?: readonly string[];
  /** The child's whole environment: nothing is inherited unless the caller spreads process.env. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A file the output (stdout and stderr) is appended to as well. */
  readonly logFile?: string;
  /** How many output lines are kept for logs(), output() and error messages; default all. */
  readonly keepLines?: number;
  /** Its own process group, so that signals reach whatever it starts too. */
  readonly detached?: boolean;
  /** Keeps the child's stdin open as a pipe (bench/support/guard.ts exits when it closes). */
  readonly stdinPipe?: boolean;
  /** Log entries at or above this pino level are echoed to our stderr (npm start shows errors). */
  readonly echoLevel?: number;
}

export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves once it has exited and all its output has been read. */
  readonly exited: Promise<ProcessExit>;
  readonly running: boolean;
  /** The JSON log entries kept so far. */
  logs(): LogEntry[];
  /** The output lines kept so far (stdout and stderr, JSON or not), for failure messages. */
  output(): string;
  /**
   * Resolves with the first log entry (kept so far or still to come) that `accept` takes; rejects
   * when the process exits first or `timeoutMs` passes (Infinity: no limit), naming `what` was awaited.
   */
  waitForLog(accept: (entry: LogEntry) => boolean, what: string, timeoutMs?: number): Promise<LogEntry>;
  /** waitForLog for the first entry whose `msg` is `msg` (e.g. "gateway ready"). */
  waitForMessage(msg: string, timeoutMs?: number): Promise<LogEntry>;
  /** Sends `signal` (to the group when detached); does nothing once it has exited. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, SIGKILL if it still runs after `graceMs` (Infinity: never); resolves with how it ended. */
  stop(graceMs?: number): Promise<ProcessExit>;
  /** SIGKILL (a safety net after a failed test); resolves with how it ended. */
  kill(): Promise<ProcessExit>;
}

const DEFAULT_WAIT_MS = 60_000;
const DEFAULT_GRACE_MS = 10_000;
const TAIL_LINES = 40;

export function startService(options: ServiceOptions): ServiceProcess {
  const { name, entry, env, logFile, keepLines = Number.POSITIVE_INFINITY } = options;
  let log: WriteStream | null = null;
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    log = createWriteStream(logFile, { flags: 'a' });
  }
  // node --import tsx, not the tsx wrapper, so that signals reach the service itself.
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const argv = [...(options.nodeArgs ?? []), ...loader, entry, ...(options.args ?? [])];
  const child = spawn(process.execPath, argv, {
    env,
    stdio: [options.stdinPipe ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  // Without a listener, a failed spawn or kill would be an uncaught error in the caller; a failed
  // spawn is reported by the check below, a failed kill changes nothing.
  child.on('error', () => undefined);
  if (child.pid === undefined) throw new Error(`${name}: could not start ${process.execPath} for ${entry}`);
  const pid = child.pid;

  const lines: string[] = [];
  const entries: LogEntry[] = [];
  let entriesEver = 0;
  const listeners = new Set<() => void>();
  const keep = <T>(list: T[], item: T) => {
    list.push(item);
    if (list.length > keepLines) list.shift();
  };
  const onLine = (line: string, fromStdout: boolean) => {
    log?.write(`${line}\n`);
    keep(lines, line);
    const parsed = fromStdout ? parseLogEntry(line) : null;
    if (parsed) {
      keep(entries, parsed);
      entriesEver += 1;
      const level = parsed.level;
      if (options.echoLevel !== undefined && typeof level === 'number' && level >= options.echoLevel) {
        console.error(`[${name}] ${String(parsed.msg)}${parsed.err ? `: ${JSON.stringify(parsed.err)}` : ''}`);
      }
    }
    listeners.forEach((listener) => listener());
  };
  createInterface({ input: child.stdout! }).on('line', (line) => onLine(line, true));
  createInterface({ input: child.stderr! }).on('line', (line) => onLine(line, false));

  let running = true;
  child.once('exit', () => {
    running = false;
  });
  // 'close' comes after 'exit' once both output streams have ended: only then has every line been
  // read, so waiters give up, `exited` resolves and the log file is closed only then.
  let outputEnded = false;
  const exited = new Promise<ProcessExit>((resolve) =>
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      outputEnded = true;
      listeners.forEach((listener) => listener());
      log?.end();
      resolve({ code, signal });
    }),
  );

  const output = () => lines.join('\n');
  const tail = () => lines.slice(-TAIL_LINES).join('\n');
  const where = logFile ? `; log: ${logFile}` : '';

  const waitForLog = (accept: (entry: LogEntry) => boolean, what: string, timeoutMs = DEFAULT_WAIT_MS) =>
    new Promise<LogEntry>((resolve, reject) => {
      let looked = 0;
      const check = () => {
        // Only entries not looked at yet; with keepLines, old ones may have been dropped meanwhile.
        const fresh = entries.slice(entries.length - Math.min(entries.length, entriesEver - looked));
        looked = entriesEver;
        const found = fresh.find(accept);
        if (found) return finish(found);
        if (outputEnded) {
          const exit = child.exitCode !== null ? `code ${child.exitCode}` : `signal ${child.signalCode}`;
          finish(new Error(`${name} exited (${exit}) before logging ${what}${where}; last output:\n${tail()}`));
        }
      };
      const timeout = () =>
        finish(new Error(`${name} did not log ${what} within ${timeoutMs} ms${where}; last output:\n${tail()}`));
      const timer = Number.isFinite(timeoutMs) ? setTimeout(timeout, timeoutMs) : undefined;
      const finish = (outcome: LogEntry | Error) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      };
      listeners.add(check);
      check();
    });

  const signal = (sig: NodeJS.Signals) => {
    if (!running) return;
    try {
      // A detached child leads its own process group: signal all of it.
      if (options.detached) process.kill(-pid, sig);
      else child.kill(sig);
    } catch {
      // gone between the check and the signal
    }
  };

  return {
    name,
    child,
    pid,
    exited,
    get running() {
      return running;
    },
    logs: () => [...entries],
    output,
    waitForLog,
    waitForMessage: (msg, timeoutMs) => waitForLog((logged) => logged.msg === msg, `"${msg}"`, timeoutMs),
    signal,
    async stop(graceMs = DEFAULT_GRACE_MS) {
      signal('SIGTERM');
      const timer = Number.isFinite(graceMs) ? setTimeout(() => signal('SIGKILL'), graceMs) : undefined;
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
    async kill() {
      signal('SIGKILL');
      return exited;
    },
  };
}

function parseLogEntry(line: string): LogEntry | null {
  if (!line.startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LogEntry) : null;
  } catch {
    return null;
  }
}
