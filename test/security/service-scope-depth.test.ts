/**
 * The gateway's own credentials (probe, registry) open their root fields, and below them only
 * what the gateway reads: `_service { sdl }`, `prefectures { code shardUrl }`. A captured one
 * (replayed to another replica within its minute) must not read anything nested beyond that.
 * Real province and shard over loopback HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { probeTokenFor, registryTokenFor } from '../../bench/support/hub-tokens.js';

const CODE = '530100';

async function post(url: string, token: string, query: string, method: 'POST' | 'GET' = 'POST') {
  const target = new URL(url);
  if (method === 'GET') target.searchParams.set('query', query);
  const response = await fetch(target, {
    method,
    headers: { 'content-type': 'application/json', 'x-hub-token': token, 'apollo-require-preflight': 'true' },
    ...(method === 'POST' ? { body: JSON.stringify({ query }) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('a gateway service credential below its root fields', () => {
  let hub: HubHarness;
  let shardUrl: string;

  beforeAll(async () => {
    hub = await startHubHarness({ codes: [CODE] });
    shardUrl = hub.shards.get(CODE)!.url;
  });
  afterAll(async () => {
    await hub?.close();
  });

  const refusedRegistryReads = [
    '{ prefectures { code metrics { projects agreedInvestment } } }',
    '{ prefectures { code ... on Prefecture { nameZh metrics { signed } } } }',
    '{ prefectures { code ...M } } fragment M on Prefecture { metrics { landed } }',
  ];
  it.each(refusedRegistryReads)('registry: %s is FORBIDDEN with no data', async (query) => {
    const outcome = await post(hub.provinceUrl, await registryTokenFor(), query);
    expect(outcome.status, JSON.stringify(outcome.body)).toBe(403);
    expect(outcome.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(outcome.body.data ?? null).toBeNull();
  });

  it('registry: the read of the gateway still works', async () => {
    const outcome = await post(
      hub.provinceUrl,
      await registryTokenFor(),
      '{ prefectures { __typename code shardUrl } }',
    );
    expect(outcome.status).toBe(200);
    expect(outcome.body.data?.prefectures.find((p: { code: string }) => p.code === CODE).shardUrl).toBe(shardUrl);
  });

  it('probe: nothing below _service beyond sdl, and no data by GET either', async () => {
    const nested = await post(shardUrl, await probeTokenFor(CODE), '{ _service { sdl __typename } }');
    expect(nested.status).toBe(200);
    const byGet = await post(shardUrl, await probeTokenFor(CODE), '{ projects(first: 1) { totalCount } }', 'GET');
    expect(byGet.status, JSON.stringify(byGet.body)).toBe(403);
    expect(byGet.body.data ?? null).toBeNull();
    const introspection = await post(shardUrl, await probeTokenFor(CODE), '{ __schema { types { name } } }');
    expect(introspection.status).toBe(403);
  });
});
