import { spawn, type ChildProcess } from 'node:child_process';

/** `npm start` (scripts/start.ts) run as a child process, its console collected. */
export interface OneMachineHub {
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the console once it prints `Press Ctrl-C to stop.`; rejects if it exits first. */
  readonly ready: Promise<string>;
  readonly exited: Promise<number | null>;
  /** Ctrl-C, as an operator stops it; resolves with the exit code once every process it started is gone. */
  stop(): Promise<number | null>;
}

const READY_LINE = 'Press Ctrl-C to stop.';

export function startOneMachineHub(env: Record<string, string>): OneMachineHub {
  // node --import tsx, as scripts/service-process.ts starts its children: signals reach start.ts itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes(READY_LINE)) resolve(output);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => reject(new Error(`npm start exited with code ${code} before it was ready:\n${output}`)));
  });
  return {
    child,
    output: () => output,
    ready,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return exited;
    },
  };
}

/** The first capture of `pattern` in `text`; throws with the text when it is not there. */
export function printed(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match) throw new Error(`expected ${pattern} in the console:\n${text}`);
  return match[1];
}
