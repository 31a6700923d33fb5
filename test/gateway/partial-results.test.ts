import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN } from '../../bench/support/hub-tokens.js';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { errorsWithCode, postToGateway, untilAllServing } from '../support/gateway-http.js';
import { idsOf, investmentOf, seedProjects, type SeededProject } from '../support/hub-seed.js';
import { shardProxies } from '../support/shard-proxies.js';
import type { ShardProxy } from '../support/shard-proxy.js';

const CODES = ['530100', '530300', '530400', '532900'];
/** Sits behind a proxy that can turn slow or answer garbage. */
const FLAKY = '530300';
/** Stopped in the last block. */
const STOPPED = '532900';
// Generous: on a loaded two-core machine a healthy shard can take a few hundred ms.
const TIMEOUT_MS = 1_500;
/** Beyond the test's timeout: a gateway that waited for the slow shard fails by that timeout. */
const SLOW_MS = 600_000;

const PROVINCE_VIEW = `query ProvinceView {
  projects(first: 100, orderBy: ID_ASC) { totalCount edges { node { id prefectureCode } } }
  projectStats { total agreedInvestment byStage { signed } }
  prefectures { code projectStats { total } }
}`;

describe('partial results through the gateway', () => {
  let hub: HubHarness;
  const shards = shardProxies({ only: [FLAKY] });
  let proxy: ShardProxy;
  let seeded: Map<string, SeededProject[]>;

  beforeAll(async () => {
    hub = await startHubHarness({
      codes: CODES,
      shardTimeoutMs: TIMEOUT_MS,
      urlFor: shards.urlFor,
    });
    proxy = shards.get(FLAKY);
    seeded = await seedProjects(hub, 3);
    // One round trip of every kind first, so the short timeout measures shards, not cold starts.
    await untilAllServing(hub);
    await postToGateway(hub, PROVINCE_VIEW);
    await untilAllServing(hub);
  });
  afterAll(async () => {
    await hub?.close();
    await shards.close();
  });

  /** Asserts the answer holds exactly the data of `serving` and names `missing` in every field's error. */
  function expectOnlyDataOf(body: any, serving: string[], missing: string, reason: string) {
    expect(body.data.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, serving));
    expect(body.data.projects.totalCount).toBe(3 * serving.length);
    expect(body.data.projectStats).toEqual({
      total: 3 * serving.length,
      agreedInvestment: investmentOf(seeded, serving),
      byStage: { signed: 3 * serving.length },
    });
    const byCode = new Map(body.data.prefectures.map((p: any) => [p.code, p.projectStats]));
    for (const code of serving) expect(byCode.get(code)).toEqual({ total: 3 });
    expect(byCode.get(missing)).toBeNull();

    const unavailable = errorsWithCode(body, 'PREFECTURE_UNAVAILABLE');
    expect(unavailable.every((e) => e.extensions!.prefecture === missing && e.extensions!.reason === reason)).toBe(
      true,
    );
    const paths = unavailable.map((e) => e.path);
    expect(paths).toContainEqual(['projects']);
    expect(paths).toContainEqual(['projectStats']);
    const index = body.data.prefectures.findIndex((p: any) => p.code === missing);
    expect(paths.some((path) => path?.[0] === 'prefectures' && path[1] === index)).toBe(true);
  }

  it('answers every prefecture when all shards serve', async () => {
    const { status, body } = await postToGateway(hub, PROVINCE_VIEW);
    expect(status).toBe(200);
    expect(errorsWithCode(body, 'PREFECTURE_UNAVAILABLE')).toEqual([]);
    expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, CODES));
    expect(body.data!.projectStats.agreedInvestment).toBe(investmentOf(seeded, CODES));
  });

  describe('a slow shard', () => {
    afterAll(() => {
      proxy.mode = 'pass';
    });

    it('is cut off by the per-shard timeout and the others still answer', async () => {
      proxy.mode = 'delay';
      proxy.delayMs = SLOW_MS;
      const { status, body } = await postToGateway(hub, PROVINCE_VIEW);
      expect(status).toBe(200);
      expectOnlyDataOf(
        body,
        CODES.filter((c) => c !== FLAKY),
        FLAKY,
        'TIMEOUT',
      );
    });

    it('takes traffic again once it is fast', async () => {
      proxy.mode = 'pass';
      const { body } = await postToGateway(hub, PROVINCE_VIEW);
      expect(body.errors ?? []).toEqual(errorsWithCode(body, 'UNKNOWN_PREFECTURE'));
      expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, CODES));
    });
  });

  describe('a shard answering garbage', () => {
    afterAll(() => {
      proxy.mode = 'pass';
    });

    it('is left out with reason BAD_RESPONSE', async () => {
      proxy.mode = 'garbage';
      const { status, body } = await postToGateway(hub, PROVINCE_VIEW);
      expect(status).toBe(200);
      expectOnlyDataOf(
        body,
        CODES.filter((c) => c !== FLAKY),
        FLAKY,
        'BAD_RESPONSE',
      );
    });
  });

  describe('a shard failing inside', () => {
    const BROKEN = '530400';
    const connection = () => hub.shards.get(BROKEN)!.harness.orm.em.getConnection();
    beforeAll(async () => {
      // The shard answers, but every read of its projects fails with an internal error.
      await connection().execute('alter table project rename to project_away');
    });
    afterAll(async () => {
      await connection().execute('alter table project_away rename to project');
    });

    it('leaves its prefecture out of sums and pages and says which prefecture is missing', async () => {
      const { status, body } = await postToGateway(hub, PROVINCE_VIEW);
      expect(status).toBe(200);
      const serving = CODES.filter((c) => c !== BROKEN);
      expect(body.data!.projectStats.total).toBe(3 * serving.length);
      expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, serving));
      for (const path of [['projects'], ['projectStats']]) {
        const named = (body.errors ?? []).filter(
          (e) => JSON.stringify(e.path) === JSON.stringify(path) && e.extensions?.prefecture === BROKEN,
        );
        expect(named, `an error at ${path.join('.')} naming ${BROKEN}`).not.toEqual([]);
      }
    });
  });

  describe('a shard stopped mid-run', () => {
    beforeAll(async () => {
      await hub.stopShard(STOPPED);
    });

    it('leaves its prefecture out of fan-outs, sums and per-prefecture stats, with HTTP 200', async () => {
      const { status, body } = await postToGateway(hub, PROVINCE_VIEW);
      expect(status).toBe(200);
      expectOnlyDataOf(
        body,
        CODES.filter((c) => c !== STOPPED),
        STOPPED,
        'UNREACHABLE',
      );
    });

    it('answers project(id) of that prefecture with null and an error naming it', async () => {
      const id = seeded.get(STOPPED)![0].id;
      const { status, body } = await postToGateway(hub, `query($id: ID!) { project(id: $id) { id name } }`, { id });
      expect(status).toBe(200);
      expect(body.data).toEqual({ project: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0].path).toEqual(['project']);
      expect(body.errors![0].extensions).toMatchObject({ code: 'PREFECTURE_UNAVAILABLE', prefecture: STOPPED });
    });

    it('still answers project(id) of the other prefectures', async () => {
      const id = seeded.get('530100')![1].id;
      const { body } = await postToGateway(hub, `query($id: ID!) { project(id: $id) { id } }`, { id });
      expect(body).toEqual({ data: { project: { id } } });
    });

    it('is reported DOWN by the shards query, before and after a health check', async () => {
      const shardsQuery = '{ shards { prefectureCode state url lastError } }';
      const before = await postToGateway(hub, shardsQuery, {}, ADMIN);
      const down = before.body.data!.shards.find((s: any) => s.prefectureCode === STOPPED);
      expect(down).toMatchObject({ state: 'DOWN', url: hub.shards.get(STOPPED)!.url });
      expect(down.lastError).toMatch(/unreachable/);

      await hub.gateway.refresh();
      const after = await postToGateway(hub, shardsQuery, {}, ADMIN);
      const states = Object.fromEntries(after.body.data!.shards.map((s: any) => [s.prefectureCode, s.state]));
      expect(states).toEqual({ 530100: 'SERVING', 530300: 'SERVING', 530400: 'SERVING', 532900: 'DOWN' });
    });
  });
});
