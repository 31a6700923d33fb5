import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzGateway } from '../../bench/support/fuzz-gateway.js';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { officerOf } from '../../bench/support/hub-tokens.js';
import { createProject, tableCounts } from '../../bench/support/project-fixtures.js';

describe('a bounded fuzz run against the gateway', () => {
  let hub: HubHarness;
  beforeAll(async () => {
    hub = await startHubHarness({
      codes: ['530100', '530300'],
      gateway: { rateLimit: { points: 1_000_000, windowSeconds: 60 } },
    });
    for (const [, shard] of hub.shards) await createProject(shard.harness);
  });
  afterAll(() => hub?.close());

  it('ends with no 5xx, no crash, no shard blamed, and nothing written by refused writes', async () => {
    const before = await Promise.all([...hub.shards.values()].map((s) => tableCounts(s.harness)));
    // An officer of a prefecture this gateway does not serve: every write the fuzzer forms is refused.
    const token = await hub.tokenFor(officerOf('533400'));
    const report = await fuzzGateway(hub.gatewayUrl, token, {
      durationMs: Number(process.env.FUZZ_MS ?? 8_000),
      concurrency: 4,
      seed: 2019,
    });
    console.log(
      `fuzz: ${report.requests} requests`,
      JSON.stringify(report.byStatus),
      JSON.stringify(report.byErrorCode),
    );
    expect(report.requests).toBeGreaterThan(50);
    expect(report.serverErrors).toEqual([]);
    // Nothing a caller sends is a shard's failure: no prefecture left out, every shard still serving.
    expect(report.byErrorCode.PREFECTURE_UNAVAILABLE ?? 0).toBe(0);
    expect(hub.gateway.registry.all().map((s) => s.state)).toEqual(['SERVING', 'SERVING']);
    expect(await Promise.all([...hub.shards.values()].map((s) => tableCounts(s.harness)))).toEqual(before);
    const still = await hub.query('{ projectStats { total } }');
    expect(still.data?.projectStats.total).toBe(2);
  }, 60_000);
});
