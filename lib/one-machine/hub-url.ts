import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hubDataFile } from './data-dir.js';

/** Where the hub `npm start` last started serves; written once it is ready. */
export interface DevHubUrls {
  /** The gateway's GraphQL endpoint. */
  readonly gateway: string;
  readonly dashboard: string;
  /** The workers' queue dashboard; null without Redis. */
  readonly board: string | null;
}

const HUB_URL_FILE = 'hub-url.json';

export function writeDevHubUrls(urls: DevHubUrls): string {
  const path = hubDataFile(HUB_URL_FILE);
  writeFileSync(path, `${JSON.stringify(urls, null, 2)}\n`);
  return path;
}

/**
 * The gateway URL of the last `npm start` (HUB_DATA_DIR/hub-url.json), else the default port's:
 * the CLIs' default when GATEWAY_URL is not given.
 */
export function devGatewayUrl(): string {
  const path = hubDataFile(HUB_URL_FILE);
  if (!existsSync(path)) return 'http://127.0.0.1:4000/graphql';
  const stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<DevHubUrls>;
  if (typeof stored.gateway !== 'string') throw new Error(`${path}: no "gateway" URL; delete it or set GATEWAY_URL`);
  return stored.gateway;
}
