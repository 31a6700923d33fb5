import { createServer } from 'node:net';

/** A port `npm start` is about to listen on, and the setting or service it belongs to. */
export interface PlannedPort {
  readonly port: number;
  readonly owner: string;
}

export interface UnavailablePort extends PlannedPort {
  /** EADDRINUSE (another process holds it), EACCES (not allowed), … */
  readonly reason: string;
}

/**
 * The planned ports something else already holds. Checked before starting anything, so a taken port
 * is named at once instead of a process dying halfway through the start; port 0 (the OS picks) is
 * never checked. A port freed or taken between this check and the listen is reported by the process.
 */
export async function unavailablePorts(
  planned: readonly PlannedPort[],
  host = '127.0.0.1',
): Promise<UnavailablePort[]> {
  const results = await Promise.all(
    planned
      .filter((p) => p.port !== 0)
      .map(async (p) => {
        const reason = await listenError(p.port, host);
        return reason ? { ...p, reason } : null;
      }),
  );
  return results.filter((r): r is UnavailablePort => r !== null);
}

function listenError(port: number, host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** One line per taken port, and what to do about it. */
export function describeUnavailablePorts(ports: readonly UnavailablePort[]): string {
  const lines = ports.map(
    (p) => `  port ${p.port} (${p.owner}): ${p.reason === 'EADDRINUSE' ? 'taken by another process' : p.reason}`,
  );
  return (
    `${ports.length === 1 ? 'A port npm start needs is' : 'Ports npm start needs are'} not available:\n${lines.join('\n')}\n` +
    'Stop what holds them, or choose other ports, e.g. GATEWAY_PORT=5000 SHARD_BASE_PORT=5101 npm start ' +
    '(0 lets the OS pick; the console and data/hub-url.json say which it took).'
  );
}
