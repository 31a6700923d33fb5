import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsWithCode, postToGateway, untilAllServing } from '../support/gateway-http.js';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { seedProjects } from '../support/hub-seed.js';
import { shardProxies } from '../support/shard-proxies.js';
import type { ShardProxy } from '../support/shard-proxy.js';

const FAST = '530100';
/** Behind a proxy that holds every request for a while: a busy shard. */
const BUSY = '530300';
const STATS = '{ projectStats { total } }';

/** A hub over FAST and BUSY (behind a proxy), with the given per-shard limits. */
async function busyHub(
  maxInFlight: number,
  queueTimeoutMs: number,
): Promise<{ hub: HubHarness; proxy: ShardProxy; close: () => Promise<void> }> {
  const shards = shardProxies({ only: [BUSY] });
  const hub = await startHubHarness({
    codes: [FAST, BUSY],
    urlFor: shards.urlFor,
    shardTimeoutMs: 10_000,
    gateway: { shardLimits: { maxInFlight, queueTimeoutMs } },
  });
  await seedProjects(hub, 2);
  await untilAllServing(hub);
  // Once through the cold path (first credentials, first reads of each shard's database), so the
  // calls a test times are not slowed by it: the queue timeout applies to FAST's calls too.
  const warm = await postToGateway(hub, STATS);
  expect(warm.body).toEqual({ data: { projectStats: { total: 4 } } });
  return {
    hub,
    proxy: shards.get(BUSY),
    close: async () => {
      await hub.close();
      await shards.close();
    },
  };
}

describe('back-pressure: calls in flight per shard', () => {
  let hub: HubHarness;
  let proxy: ShardProxy;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ hub, proxy, close } = await busyHub(2, 30_000));
  });
  afterAll(async () => {
    await close?.();
  });

  it('never has more than SHARD_MAX_IN_FLIGHT calls open at one shard; the rest wait and all answer', async () => {
    proxy.mode = 'delay';
    proxy.delayMs = 250;
    proxy.reset();
    const answers = await Promise.all(Array.from({ length: 7 }, () => postToGateway(hub, STATS)));
    for (const { status, body } of answers) {
      expect(status).toBe(200);
      expect(body).toEqual({ data: { projectStats: { total: 4 } } });
    }
    expect(proxy.queries).toBe(7);
    expect(proxy.mostQueriesInFlight).toBe(2);
  });
  it('counts the calls in flight and waiting on /metrics', async () => {
    proxy.mode = 'delay';
    proxy.delayMs = 1_000;
    const [inFlight, waiting] = [
      `hub_shard_calls_in_flight{prefecture="${BUSY}"} 2`,
      `hub_shard_calls_waiting{prefecture="${BUSY}"} 1`,
    ];
    const metrics = async () => (await fetch(new URL('/metrics', hub.gatewayUrl))).text();
    expect(await metrics()).toContain(`hub_shard_calls_in_flight{prefecture="${BUSY}"} 0`);
    // Two calls at the shard for a second, a third waiting for a slot: read /metrics meanwhile.
    const pending = Promise.all([postToGateway(hub, STATS), postToGateway(hub, STATS), postToGateway(hub, STATS)]);
    let text = await metrics();
    for (
      const deadline = Date.now() + 5_000;
      !(text.includes(inFlight) && text.includes(waiting)) && Date.now() < deadline;
    )
      text = await metrics();
    await pending;
    expect(text).toContain(inFlight);
    expect(text).toContain(waiting);
  });
});

describe('back-pressure: a call that waits too long', () => {
  let hub: HubHarness;
  let proxy: ShardProxy;
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    ({ hub, proxy, close } = await busyHub(1, 1_000));
  });
  afterAll(async () => {
    await close?.();
  });

  it('leaves the busy prefecture out as OVERLOADED without sending it, and keeps the others', async () => {
    proxy.mode = 'delay';
    proxy.delayMs = 5_000;
    proxy.reset();
    const answers = await Promise.all([postToGateway(hub, STATS), postToGateway(hub, STATS)]);
    // Whichever reached the gateway first got the slot; the other waited 1 s and gave up.
    const complete = answers.filter((a) => !a.body.errors);
    const partial = answers.filter((a) => a.body.errors);
    expect(complete.map((a) => a.body)).toEqual([{ data: { projectStats: { total: 4 } } }]);
    expect(partial).toHaveLength(1);
    expect(partial[0].status).toBe(200);
    expect(partial[0].body.data).toEqual({ projectStats: { total: 2 } });
    const [overloaded, ...more] = errorsWithCode(partial[0].body, 'PREFECTURE_UNAVAILABLE');
    expect(more).toEqual([]);
    expect(overloaded.extensions).toMatchObject({ prefecture: BUSY, reason: 'OVERLOADED' });
    expect(overloaded.message).toMatch(/no free slot within 1000 ms/);
    // The call that gave up never reached the shard, and the shard is not taken for sick.
    expect(proxy.queries).toBe(1);
    expect(hub.gateway.registry.get(BUSY)).toMatchObject({ state: 'SERVING', lastError: null });
  });
});
