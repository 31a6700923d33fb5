/**
 * Rotating the gateway's signing key (README, "Rotating the gateway key"): the gateway publishes
 * its public keys at /.well-known/jwks.json; subgraphs trust what they are given or fetch.
 */
import { readFileSync } from 'node:fs';
import { decodeProtectedHeader, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp, type GatewayApp } from '../../gateway/app.js';
import { loadSigningKeys } from '../../gateway/auth/signing-keys.js';
import { subgraphCredentials } from '../../gateway/auth/subgraph-credentials.js';
import { loadPrefectureContract } from '../../gateway/contract/prefecture-contract.js';
import { generateGatewayKeyPair, type GatewayKeyPair } from '../../lib/auth/gateway-key-pair.js';
import { createLogger } from '../../lib/logger.js';
import { TEST_USER_TOKENS } from '../../bench/support/hub-harness.js';
import { craftCredential } from '../../bench/support/hub-tokens.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../bench/support/prefecture-harness.js';

const CODE = '530400';

/** What a shard at `url` answers a credential signed with `key`. */
async function answerTo(url: string, key: JWK): Promise<{ status: number; message?: string }> {
  return status(url, await craftCredential({ key, audience: CODE }));
}

/** A shard of CODE trusting exactly `keys`, given inline. */
const inline = (...keys: JWK[]) => ({ gatewayTrust: { keys: { publicKeys: { keys } }, maxLifetimeS: 60 } });

async function status(url: string, token: string): Promise<{ status: number; message?: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-token': token },
    body: JSON.stringify({ query: '{ projectStats { total } }' }),
  });
  const body = (await response.json()) as { errors?: { message: string }[] };
  return { status: response.status, message: body.errors?.[0]?.message };
}

describe('rotating the gateway key', () => {
  let oldKey: GatewayKeyPair;
  let newKey: GatewayKeyPair;
  let gateway: GatewayApp;
  let jwksUrl: string;
  const harnesses: PrefectureHarness[] = [];

  async function shardTrusting(trust: Parameters<typeof startPrefectureHarness>[2]): Promise<string> {
    const harness = await startPrefectureHarness('sqlite', CODE, trust);
    harnesses.push(harness);
    return harness.app.listen(0, '127.0.0.1');
  }

  beforeAll(async () => {
    oldKey = await generateGatewayKeyPair('gateway-old');
    newKey = await generateGatewayKeyPair('gateway-new');
    // Step 3 of the rotation: the new key is first (it signs), the old one is still published.
    gateway = await createGatewayApp({
      supergraphSdl: readFileSync('schema/supergraph.graphql', 'utf8'),
      contract: loadPrefectureContract(),
      provinceUrl: 'http://127.0.0.1:9/graphql',
      signingKeys: { keys: [newKey.privateJwk, oldKey.privateJwk] },
      userTokens: TEST_USER_TOKENS,
      shardTimeoutMs: 1_000,
      healthIntervalMs: 3_600_000,
      registryPollMs: 3_600_000,
      logger: createLogger('test-rotation'),
      prefectureCodes: [CODE],
    });
    jwksUrl = (await gateway.listen(0, '127.0.0.1')).replace('/graphql', '/.well-known/jwks.json');
  });
  afterAll(async () => {
    await gateway?.close();
    await Promise.all(harnesses.map((h) => h.close()));
  });

  it('publishes the public halves of every configured key, and no private part', async () => {
    const response = await fetch(jwksUrl);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: JWK[] };
    expect(keys.map((k) => k.kid)).toEqual(['gateway-new', 'gateway-old']);
    expect(keys.map((k) => k.x)).toEqual([newKey.publicJwk.x, oldKey.publicJwk.x]);
    for (const key of keys) expect(key.d).toBeUndefined();
  });

  it('signs with the first key, naming its kid', async () => {
    const credentials = subgraphCredentials(await loadSigningKeys({ keys: [newKey.privateJwk, oldKey.privateJwk] }));
    expect(decodeProtectedHeader(await credentials.forProbe(CODE)).kid).toBe('gateway-new');
  });

  it('with both keys published, a subgraph fetching GATEWAY_JWKS_URL accepts credentials of both kids', async () => {
    const url = await shardTrusting({ gatewayTrust: { keys: { jwksUrl }, maxLifetimeS: 60 } });
    expect(await answerTo(url, oldKey.privateJwk)).toMatchObject({ status: 200 });
    expect(await answerTo(url, newKey.privateJwk)).toMatchObject({ status: 200 });
    const stranger = (await generateGatewayKeyPair('gateway-stranger')).privateJwk;
    expect(await answerTo(url, stranger)).toMatchObject({ status: 401 });
  });

  it('with both public keys inline, both kids verify; without the old one, its credentials are refused', async () => {
    const both = await shardTrusting(inline(newKey.publicJwk, oldKey.publicJwk));
    expect(await answerTo(both, oldKey.privateJwk)).toMatchObject({ status: 200 });
    expect(await answerTo(both, newKey.privateJwk)).toMatchObject({ status: 200 });

    const newOnly = await shardTrusting(inline(newKey.publicJwk));
    expect(await answerTo(newOnly, newKey.privateJwk)).toMatchObject({ status: 200 });
    const old = await answerTo(newOnly, oldKey.privateJwk);
    expect(old).toMatchObject({ status: 401 });
    expect(old.message).toMatch(/does not trust/);
  });
});
