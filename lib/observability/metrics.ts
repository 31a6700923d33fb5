import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { Logger } from '../logger.js';

/**
 * Prometheus metrics of one process. Every app gets its own registry (tests run many apps in one
 * process); the server entry points turn on the Node process metrics (`processMetrics`), which
 * cannot be turned off again and so are not for apps that come and go.
 */
export function createMetricsRegistry(
  options: { processMetrics?: boolean; labels?: Record<string, string> } = {},
): Registry {
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels(options.labels);
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

/** GET /metrics in the Prometheus text format. */
export function metricsHandler(registry: Registry) {
  return async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(body);
  };
}

/** One finished HTTP exchange, as the HTTP front reports it. */
export interface HttpExchange {
  /** The route that served it (`/graphql`, `/health`, …) or `unmatched`: bounded label values. */
  readonly route: string;
  readonly method: string;
  readonly status: number;
  readonly durationMs: number;
  readonly requestId: string;
  /** Whether the client went away before the response was complete. */
  readonly aborted: boolean;
  readonly operationName?: string;
}

/** Routes probed every few seconds by orchestrators and Prometheus: logged at debug only. */
const PROBE_ROUTES = new Set(['/health', '/ready', '/metrics']);

/**
 * `http_request_duration_seconds{route,method,status}` and one access-log line per request (with
 * its request id), for the gateway and every subgraph.
 */
export function httpObserver(registry: Registry, logger: Logger): (exchange: HttpExchange) => void {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from request to the end of the response, per route',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (exchange) => {
    duration.observe(
      { route: exchange.route, method: exchange.method, status: String(exchange.status) },
      exchange.durationMs / 1000,
    );
    const line = {
      requestId: exchange.requestId,
      route: exchange.route,
      method: exchange.method,
      status: exchange.status,
      durationMs: Math.round(exchange.durationMs * 10) / 10,
      ...(exchange.operationName ? { operationName: exchange.operationName } : {}),
      ...(exchange.aborted ? { aborted: true } : {}),
    };
    if (PROBE_ROUTES.has(exchange.route)) logger.debug(line, 'request');
    else logger.info(line, 'request');
  };
}
