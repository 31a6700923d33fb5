import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Secrets of one-machine mode: made once, kept in data/ so tokens stay valid across restarts. */
export interface DevSecrets {
  readonly hubTokenSecret: string;
  readonly userTokenSecret: string;
}

export const DEV_SECRETS_PATH = 'data/dev-secrets.json';
export const DEV_TOKEN_ISSUER = 'yunnan-hub';
export const DEV_TOKEN_AUDIENCE = 'yunnan-hub';

export function loadOrCreateDevSecrets(path = DEV_SECRETS_PATH): DevSecrets {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as DevSecrets;
  const secrets: DevSecrets = {
    hubTokenSecret: randomBytes(32).toString('base64url'),
    userTokenSecret: randomBytes(32).toString('base64url'),
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
