import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for an allowlist of browser origins (dashboards served elsewhere). Other origins get no
 * CORS headers, so browsers refuse to let their pages read answers. Returns true when it answered
 * the request itself (a preflight).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  const allowed = typeof origin === 'string' && allowedOrigins.includes(origin);
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    const headers = 'authorization, content-type, apollo-require-preflight, x-request-id, idempotency-key';
    res.setHeader('access-control-allow-headers', headers);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(allowed ? 204 : 403).end();
  return true;
}
