import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { KeySet } from '../../../lib/auth/gateway-key-pair.js';
import { jwksSetting } from '../../../lib/auth/jwks-setting.js';
import type { CrossCheck } from '../../../lib/parse-config.js';
import { HUB_TOKEN_LIFETIME_S } from '../../../schema/contract/hub-credential.js';

/** Where a subgraph finds the gateway's public keys: configured inline, or fetched from the gateway. */
export type GatewayKeySource = { readonly publicKeys: KeySet } | { readonly jwksUrl: string };

/** What a subgraph trusts: the gateway's public keys and the longest credential lifetime it accepts. */
export interface GatewayTrust {
  readonly keys: GatewayKeySource;
  /** A credential whose `exp - iat` is longer is refused, whatever its `exp` says. */
  readonly maxLifetimeS: number;
}

/** The settings every subgraph process reads to trust the gateway (merged into its config schema). */
export const gatewayTrustSettings = {
  GATEWAY_PUBLIC_KEYS: jwksSetting('public', 'the gateway public keys (JSON JWKS)')
    .optional()
    .describe('The gateway’s public keys (JSON JWKS) credentials are verified with. Set this or `GATEWAY_JWKS_URL`.'),
  GATEWAY_JWKS_URL: z
    .string()
    .url('must be the URL of the gateway’s /.well-known/jwks.json')
    .optional()
    .describe(
      'URL of the gateway’s `/.well-known/jwks.json`, fetched and cached by `kid`. Set this or `GATEWAY_PUBLIC_KEYS`.',
    ),
  HUB_TOKEN_MAX_LIFETIME_S: z.coerce
    .number()
    .int()
    .min(HUB_TOKEN_LIFETIME_S, `must be at least ${HUB_TOKEN_LIFETIME_S}: the gateway’s credentials live that long`)
    .max(3_600)
    .default(HUB_TOKEN_LIFETIME_S)
    .describe('Longest credential lifetime (`exp - iat`, seconds) accepted, whatever `exp` says.'),
};

/** Exactly one key source: two could disagree, none would trust nobody. */
export const oneGatewayKeySource: CrossCheck = (env) =>
  [env.GATEWAY_PUBLIC_KEYS, env.GATEWAY_JWKS_URL].filter(Boolean).length === 1
    ? null
    : {
        setting: 'GATEWAY_PUBLIC_KEYS',
        message: 'set exactly one of GATEWAY_PUBLIC_KEYS (JSON JWKS) and GATEWAY_JWKS_URL',
      };

/** The trust of a parsed config (its key source checked by `oneGatewayKeySource`). */
export function gatewayTrustOf(parsed: {
  GATEWAY_PUBLIC_KEYS?: KeySet;
  GATEWAY_JWKS_URL?: string;
  HUB_TOKEN_MAX_LIFETIME_S: number;
}): GatewayTrust {
  let keys: GatewayKeySource;
  if (parsed.GATEWAY_PUBLIC_KEYS) keys = { publicKeys: parsed.GATEWAY_PUBLIC_KEYS };
  else if (parsed.GATEWAY_JWKS_URL) keys = { jwksUrl: parsed.GATEWAY_JWKS_URL };
  else throw new Error('set exactly one of GATEWAY_PUBLIC_KEYS and GATEWAY_JWKS_URL');
  return Object.freeze({ keys: Object.freeze(keys), maxLifetimeS: parsed.HUB_TOKEN_MAX_LIFETIME_S });
}

/**
 * The key lookup by `kid`. A remote set is fetched on first use, again for an unknown kid (a new
 * key, at most every 5 s) and at the latest every 5 minutes, so a key the gateway no longer
 * publishes is dropped within 5 minutes (README, "Rotating the gateway key").
 */
export function gatewayKeyLookup(source: GatewayKeySource): JWTVerifyGetKey {
  if ('publicKeys' in source) return createLocalJWKSet({ keys: source.publicKeys.keys });
  return createRemoteJWKSet(new URL(source.jwksUrl), { cooldownDuration: 5_000, cacheMaxAge: 5 * 60_000 });
}
