import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { gracefulClose } from '../http/graceful-close.js';
import { metricsHandler } from './metrics.js';

export interface MetricsServer {
  readonly url: string;
  /** Stops serving; see lib/http/graceful-close.ts. */
  close(drainMs?: number): Promise<void>;
}

/**
 * A small HTTP listener for processes that serve nothing else (the workers): `GET /metrics` in the
 * Prometheus format and `GET /health` (`ready()` decides 200 or 503), nothing more.
 */
export async function startMetricsServer(options: {
  registry: Registry;
  port: number;
  host: string;
  ready?: () => boolean;
}): Promise<MetricsServer> {
  const serveMetrics = metricsHandler(options.registry);
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/metrics') {
      serveMetrics(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('metrics unavailable\n');
      });
      return;
    }
    if (req.method === 'GET' && path === '/health') {
      const ok = options.ready?.() ?? true;
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: ok ? 'ok' : 'redis unreachable' }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  const close = gracefulClose(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    url: `http://${options.host}:${(server.address() as AddressInfo).port}/metrics`,
    close,
  };
}
