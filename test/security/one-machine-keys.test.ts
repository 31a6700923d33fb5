/**
 * One-machine mode (`npm start`): the gateway key pair is made once into data/, readable by its
 * owner only; the gateway gets the private key, the province and the shards only the public half.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../gateway/config.js';
import { ConfigError } from '../../lib/parse-config.js';
import {
  gatewayKeySettings,
  loadOrCreateDevGatewayKeys,
  loadOrCreateDevSecrets,
  subgraphKeySettings,
} from '../../lib/auth/dev-secrets.js';
import { loadPrefectureConfig } from '../../subgraphs/prefecture/config.js';
import { loadProvinceConfig } from '../../subgraphs/province/config.js';

const PRIVATE_PARTS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'];

describe('one-machine gateway keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-dev-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are generated once into a file only its owner may read, and kept across starts', async () => {
    const path = join(dir, 'dev-gateway-keys.json');
    const first = await loadOrCreateDevGatewayKeys(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(await loadOrCreateDevGatewayKeys(path)).toEqual(first);
    expect(first.signingKeys.keys[0].kid).toBe(first.publicKeys.keys[0].kid);
  });

  it('give the subgraphs no private key, and the gateway the private half of the same key', async () => {
    const keys = await loadOrCreateDevGatewayKeys(join(dir, 'pair.json'));
    const subgraph = subgraphKeySettings(keys);
    for (const value of Object.values(subgraph)) {
      for (const key of (JSON.parse(value) as { keys: Record<string, unknown>[] }).keys) {
        expect(Object.keys(key).filter((part) => PRIVATE_PARTS.includes(part))).toEqual([]);
      }
    }
    const prefecture = loadPrefectureConfig({ PREFECTURE_CODE: '530100', ...subgraph });
    expect(prefecture.gatewayTrust.keys).toEqual({ publicKeys: keys.publicKeys });
    expect(loadProvinceConfig(subgraph).gatewayTrust.keys).toEqual({ publicKeys: keys.publicKeys });
    const gateway = { PROVINCE_URL: 'http://127.0.0.1:4090/graphql', USER_TOKEN_SECRET: 'x'.repeat(32) };
    expect(loadGatewayConfig({ ...gateway, ...gatewayKeySettings(keys) }).signingKeys).toEqual(keys.signingKeys);
    // What the subgraphs hold cannot sign: the gateway refuses it as its signing key.
    const signingWithPublicKeys = { ...gateway, GATEWAY_SIGNING_KEYS: subgraph.GATEWAY_PUBLIC_KEYS };
    expect(() => loadGatewayConfig(signingWithPublicKeys)).toThrow(ConfigError);
  });

  it('drop the shared hub secret from a dev-secrets file written before', () => {
    const path = join(dir, 'dev-secrets.json');
    writeFileSync(path, JSON.stringify({ hubTokenSecret: 'h'.repeat(43), userTokenSecret: 'u'.repeat(43) }));
    expect(loadOrCreateDevSecrets(path)).toEqual({ userTokenSecret: 'u'.repeat(43) });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ userTokenSecret: 'u'.repeat(43) });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
