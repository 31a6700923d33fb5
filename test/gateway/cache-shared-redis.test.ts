import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type GatewayReplica, type HubHarness } from '../../bench/support/hub-harness.js';
import { CREATE_PROJECT, projectInput } from '../../bench/support/project-fixtures.js';
import type { GatewayApp } from '../../gateway/app.js';
import type { CacheSettings } from '../../gateway/cache/gateway-cache.js';
import { cacheCount } from '../support/cache-counts.js';
import { untilAllServing } from '../support/gateway-http.js';
import { seedProjects } from '../support/hub-seed.js';
import { waitUntil } from '../support/metrics-runs.js';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.js';

const CODES = ['530100', '530300', '530400', '530500'];
const STATS = `query Stats { projectStats { total } }`;
const officerOf = (code: string) => ({ subject: `officer-${code}`, role: 'officer' as const, prefectureCode: code });

/** Resolves once the gateway's cache Redis is connected and its run_id known (until then it bypasses). */
async function cacheReady(gateway: GatewayApp): Promise<void> {
  await waitUntil(
    'the cache Redis to be ready',
    () =>
      gateway
        .cache!.backend.versions(['probe'])
        .then(() => true)
        .catch(() => false),
    15_000,
  );
}

describe('the gateway cache shared by two replicas through one Redis', () => {
  let redis: OwnRedis;
  let hub: HubHarness;
  let a: { query: HubHarness['query']; gateway: GatewayApp };
  let b: GatewayReplica;

  beforeAll(async () => {
    redis = await startOwnRedis();
    const cache: CacheSettings = {
      redisUrl: redis.url,
      // Generous: a loaded test machine that pauses this process past the default 500 ms would
      // count a healthy Redis as down (bypass) and break the exact hit counts below.
      redisCommandTimeoutMs: 5_000,
      ttlMs: 60_000,
      maxMemoryChars: 1,
      resultsPollMs: 3_600_000,
    };
    hub = await startHubHarness({ codes: CODES, gateway: { cache } });
    await seedProjects(hub, 2);
    await untilAllServing(hub);
    a = { query: (...args) => hub.query(...args), gateway: hub.gateway };
    b = await hub.startReplica();
    await cacheReady(hub.gateway);
    await cacheReady(b.gateway);
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await redis?.destroy();
  });

  async function total(replica: { query: HubHarness['query'] }): Promise<number> {
    const result = await replica.query(STATS, {});
    expect(result.errors).toBeUndefined();
    return result.data!.projectStats.total as number;
  }

  async function write(via: { query: HubHarness['query'] }, code: string): Promise<void> {
    const created = await via.query(CREATE_PROJECT, { input: projectInput(code) }, officerOf(code));
    expect(created.errors).toBeUndefined();
  }

  it('shows a write through replica A on the very next read through replica B, and the other way round', async () => {
    let expected = await total(b);
    expect(await total(b)).toBe(expected);
    expect(await cacheCount(b.gateway, 'response', 'all', 'hit')).toBeGreaterThan(0);
    for (const [i, code] of CODES.entries()) {
      const [writer, reader] = i % 2 === 0 ? [a, b] : [b, a];
      // The reader has the current answer cached…
      expect(await total(reader)).toBe(expected);
      await write(writer, code);
      expected++;
      // …and its next read, after the write's answer, sees the write.
      expect(await total(reader)).toBe(expected);
    }
    // A's answer kept in Redis is B's hit: one cache for both.
    const hits = await cacheCount(b.gateway, 'response', 'all', 'hit');
    expect(await total(a)).toBe(expected);
    expect(await total(b)).toBe(expected);
    expect(await cacheCount(b.gateway, 'response', 'all', 'hit')).toBe(hits + 1);
  });

  it('answers without the cache while Redis is down (counted as bypass) and serves nothing stale when it is back', async () => {
    const before = await total(a);
    expect(await total(b)).toBe(before);
    await redis.shutdown();
    try {
      const bypassed = await cacheCount(a.gateway, 'response', 'all', 'bypass');
      expect(await total(a)).toBe(before);
      expect(await cacheCount(a.gateway, 'response', 'all', 'bypass')).toBe(bypassed + 1);
      // A write while the versions cannot be bumped: both replicas read past the cache meanwhile.
      await write(a, CODES[1]);
      expect(await total(b)).toBe(before + 1);
      expect(await total(a)).toBe(before + 1);
    } finally {
      await redis.start();
    }
    await cacheReady(a.gateway);
    await cacheReady(b.gateway);
    // Redis came back with what it held before the outage (append-only file), the version of
    // CODES[1] included: a restarted Redis is a new run_id, so none of it is read.
    expect(await total(b)).toBe(before + 1);
    expect(await total(a)).toBe(before + 1);
    expect(await total(b)).toBe(before + 1);
  });
});
