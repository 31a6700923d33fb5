import { startService, type ServiceProcess } from '../../scripts/service-process.js';

/** A server of the hub started as production starts it, in its own Node process. */
export interface ServerProcess extends ServiceProcess {
  /** The port it listens on, chosen by the OS (PORT=0) and read from its ready log entry. */
  readonly port: number;
}

/** A GraphQL URL nobody listens on (port 1 is privileged): a dependency that is down. */
export const UNREACHABLE_URL = 'http://127.0.0.1:1/graphql';

const running: ServiceProcess[] = [];

/** SIGKILLs every process started here that still runs and waits for them (call it in afterEach). */
export async function killServerProcesses(): Promise<void> {
  await Promise.all(running.splice(0).map((server) => server.kill()));
}

/**
 * Runs `script` (e.g. gateway/server.ts, or a compiled dist/…/*.js) with only the given environment
 * (plus PATH, LOG_LEVEL=info and PORT=0) and resolves once it logs `readyMsg` with the URL it
 * listens on. `nodeArgs` come before the script (e.g. `--enable-source-maps` for compiled code).
 */
export async function startServerProcess(
  script: string,
  env: Record<string, string>,
  readyMsg: string,
  options: { readonly timeoutMs?: number; readonly nodeArgs?: readonly string[] } = {},
): Promise<ServerProcess> {
  const server = startService({
    name: script,
    entry: script,
    nodeArgs: options.nodeArgs,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PORT: '0', ...env },
  });
  running.push(server);
  const ready = await server.waitForMessage(readyMsg, options.timeoutMs ?? 60_000);
  // Servers name their URL; the workers' ready line names their queue dashboard's.
  const port = Number(new URL(String(ready.url ?? ready.board)).port);
  if (!port) throw new Error(`${script}: "${readyMsg}" names no port: ${JSON.stringify(ready)}`);
  return Object.assign(server, { port });
}
