import { randomBytes } from 'node:crypto';
import { generateGatewayKeyPair, type KeySet } from '../../lib/auth/gateway-key-pair.js';
import { loadSigningKeys } from '../../gateway/auth/signing-keys.js';
import { subgraphCredentials } from '../../gateway/auth/subgraph-credentials.js';
import { HUB_TOKEN_HEADER, type Actor } from '../../schema/contract/hub-credential.js';

/** A fresh secret per run (user tokens): nothing the benchmark starts accepts a token from anywhere else. */
export function benchSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A fresh gateway key pair per run: the private JWKS for gateways, the public one for subgraphs. */
export async function benchGatewayKeys(): Promise<{ readonly signingKeys: KeySet; readonly publicKeys: KeySet }> {
  const { privateJwk, publicJwk } = await generateGatewayKeyPair('bench-gateway-key');
  return { signingKeys: { keys: [privateJwk] }, publicKeys: { keys: [publicJwk] } };
}

/**
 * Headers a subgraph accepts: `headers(audience)` signs a gateway credential for `audience` (the
 * prefecture code, or `province`). Subgraphs accept a credential only once (replay protection), so
 * every request gets a freshly signed one; callers sign before they start the clock, so signing is
 * not part of a measured latency.
 */
export function hubTokens(signingKeys: KeySet, actor: Actor = { subject: 'bench', role: 'viewer' }) {
  const credentials = loadSigningKeys(signingKeys).then(subgraphCredentials);
  return {
    async headers(audience: string): Promise<Record<string, string>> {
      return { [HUB_TOKEN_HEADER]: await (await credentials).forActor(actor, audience) };
    },
  };
}
