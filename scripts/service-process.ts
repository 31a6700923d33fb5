import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** A hub process started by `npm start`, its JSON logs going to data/logs/<name>.log. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the first log entry `ready` accepts; rejects if the process exits first. */
  readonly ready: Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export function startService(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: (entry: Record<string, unknown>) => boolean,
  logDir = 'data/logs',
): ServiceProcess {
  mkdirSync(logDir, { recursive: true });
  const log = createWriteStream(`${logDir}/${name}.log`, { flags: 'a' });
  // node --import tsx, not the tsx wrapper, so signals reach the service itself.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const readyEntry = new Promise<Record<string, unknown>>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      log.write(`${line}\n`);
      const entry = parseLine(line);
      if (!entry) return;
      if (entry.level as number >= 50) console.error(`[${name}] ${entry.msg as string}${entry.err ? `: ${JSON.stringify(entry.err)}` : ''}`);
      if (ready(entry)) resolve(entry);
    });
    void exited.then((code) => reject(new Error(`${name} exited with code ${code} before it was ready; see ${logDir}/${name}.log`)));
  });
  return {
    name,
    child,
    ready: readyEntry,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      log.end();
    },
  };
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(line) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
