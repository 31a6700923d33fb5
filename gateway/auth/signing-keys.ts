import { importJWK, type KeyLike } from 'jose';
import { HUB_TOKEN_ALGORITHM } from '../../schema/contract/hub-credential.js';
import { publicHalf, type KeySet } from '../../lib/auth/gateway-key-pair.js';

/** The gateway's keys as it uses them: one to sign with, all of them published for verification. */
export interface GatewaySigningKeys {
  readonly active: { readonly kid: string; readonly key: KeyLike | Uint8Array };
  /** Public halves of every configured key, served at /.well-known/jwks.json. */
  readonly publicJwks: KeySet;
}

/**
 * Imports the private JWKS of GATEWAY_SIGNING_KEYS (validated by the config). The first key signs;
 * the others are only published, so subgraphs keep accepting them during a rotation.
 */
export async function loadSigningKeys(privateJwks: KeySet): Promise<GatewaySigningKeys> {
  const [first] = privateJwks.keys;
  if (!first?.kid || !first.d) throw new Error('the gateway needs at least one private signing key with a kid');
  return {
    active: { kid: first.kid, key: await importJWK(first, HUB_TOKEN_ALGORITHM) },
    publicJwks: { keys: privateJwks.keys.map(publicHalf) },
  };
}
