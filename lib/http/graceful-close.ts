import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** How long a stopping server waits for requests in flight before it cuts them off. */
export const DEFAULT_SHUTDOWN_DRAIN_MS = 10_000;

/** Stops a server: see `gracefulClose`. */
export type GracefulClose = (drainMs?: number) => Promise<void>;

/**
 * Prepares a server for a bounded, clean stop; call it when the server is created, so every
 * request is tracked. The returned function stops accepting connections, closes idle kept-alive
 * connections at once, answers requests in flight (and any that still arrive on an open
 * connection) with `connection: close`, and after `drainMs` destroys whatever connection is left.
 * Without this a client holding a kept-alive connection keeps sending requests to a server that is
 * meant to be going, and keeps the process alive.
 */
export function gracefulClose(server: Server): GracefulClose {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const closeWhenIdle = () => setImmediate(() => server.closeIdleConnections());
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (draining) {
      res.setHeader('connection', 'close');
      res.once('finish', closeWhenIdle);
    }
  });
  let closing: Promise<void> | null = null;
  return (drainMs = DEFAULT_SHUTDOWN_DRAIN_MS) => {
    closing ??= new Promise<void>((resolve) => {
      draining = true;
      for (const res of inFlight) {
        // Headers not sent yet: Node closes the connection after this response. Already sent: the
        // connection turns idle when the response ends, and is closed then.
        if (!res.headersSent) res.setHeader('connection', 'close');
        res.once('finish', closeWhenIdle);
      }
      const deadline = setTimeout(() => server.closeAllConnections(), drainMs);
      server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
}
