import type { RouteHandler } from '../../lib/http/graphql-http-server.js';
import type { KeySet } from '../../lib/auth/gateway-key-pair.js';

/** Path subgraphs fetch the gateway's public keys from (GATEWAY_JWKS_URL). */
export const JWKS_PATH = '/.well-known/jwks.json';

/** Serves the public halves of the gateway's keys; cacheable for a few minutes, as key rotation allows. */
export function jwksRoute(publicJwks: KeySet): RouteHandler {
  const body = JSON.stringify(publicJwks);
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/jwk-set+json', 'cache-control': 'public, max-age=300' });
    res.end(body);
  };
}
