import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { HUB_TOKEN_ALGORITHM } from '../../schema/contract/hub-credential.js';

/** A JSON Web Key Set, as the gateway's and the subgraphs' key settings hold them. */
export interface KeySet {
  readonly keys: JWK[];
}

/** A freshly generated gateway signing key: the private JWK and its public half, same `kid`. */
export interface GatewayKeyPair {
  readonly privateJwk: JWK;
  readonly publicJwk: JWK;
}

/**
 * Generates an Ed25519 key for signing subgraph credentials (the `keys` CLI, one-machine mode,
 * tests and benchmarks). Not test-only on purpose: operators generate production keys with it.
 */
export async function generateGatewayKeyPair(kid: string = randomUUID()): Promise<GatewayKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(HUB_TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const meta = { kid, alg: HUB_TOKEN_ALGORITHM, use: 'sig' };
  return {
    privateJwk: { ...(await exportJWK(privateKey)), ...meta },
    publicJwk: { ...(await exportJWK(publicKey)), ...meta },
  };
}

/** The public half of a JWK: everything but the private parts (`d` and the RSA/EC extras). */
export function publicHalf(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, k: _k, ...rest } = jwk;
  return rest;
}
