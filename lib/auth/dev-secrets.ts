import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateGatewayKeyPair, type KeySet } from './gateway-key-pair.js';
import { hubDataFile } from '../one-machine/data-dir.js';

/** Secrets of one-machine mode: made once, kept in the data folder (HUB_DATA_DIR, default data/) so tokens stay valid across restarts. */
export interface DevSecrets {
  readonly userTokenSecret: string;
}

/** The gateway's key pair of one-machine mode: the private JWKS for the gateway, the public one for subgraphs. */
export interface DevGatewayKeys {
  readonly signingKeys: KeySet;
  readonly publicKeys: KeySet;
}

export const DEV_TOKEN_ISSUER = 'yunnan-hub';
export const DEV_TOKEN_AUDIENCE = 'yunnan-hub';

export function loadOrCreateDevSecrets(path = hubDataFile('dev-secrets.json')): DevSecrets {
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as DevSecrets & { hubTokenSecret?: string };
    if (stored.hubTokenSecret === undefined) return stored;
    // Written before the gateway signed with its own key pair: the shared hub secret is dropped.
    const secrets: DevSecrets = { userTokenSecret: stored.userTokenSecret };
    writeSecretFile(path, secrets);
    return secrets;
  }
  const secrets: DevSecrets = { userTokenSecret: randomBytes(32).toString('base64url') };
  writeSecretFile(path, secrets);
  return secrets;
}

/** The one-machine gateway key pair, generated on first use into the data folder (readable by its owner only). */
export async function loadOrCreateDevGatewayKeys(path = hubDataFile('dev-gateway-keys.json')): Promise<DevGatewayKeys> {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as DevGatewayKeys;
  const { privateJwk, publicJwk } = await generateGatewayKeyPair();
  const keys: DevGatewayKeys = { signingKeys: { keys: [privateJwk] }, publicKeys: { keys: [publicJwk] } };
  writeSecretFile(path, keys);
  return keys;
}

/** What the gateway process gets: the private keys (it alone signs). */
export function gatewayKeySettings(keys: DevGatewayKeys): { GATEWAY_SIGNING_KEYS: string } {
  return { GATEWAY_SIGNING_KEYS: JSON.stringify(keys.signingKeys) };
}

/** What the province and the prefecture shards get: the public half only, so none of them can sign. */
export function subgraphKeySettings(keys: DevGatewayKeys): { GATEWAY_PUBLIC_KEYS: string } {
  return { GATEWAY_PUBLIC_KEYS: JSON.stringify(keys.publicKeys) };
}

function writeSecretFile(path: string, content: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(content, null, 2), { mode: 0o600 });
  // `mode` applies only to a new file: one rewritten in place keeps its old permissions otherwise.
  chmodSync(path, 0o600);
}
