import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { errorsWithCode, postToGateway } from '../support/gateway-http.js';
import { idsOf, seedProjects, type SeededProject } from '../support/hub-seed.js';
import { ADMIN, VIEWER } from '../../bench/support/hub-tokens.js';
import { shardProxies } from '../support/shard-proxies.js';
import { startShardProxy, type ShardProxy } from '../support/shard-proxy.js';

const [A, B, C] = ['530100', '530500', '532800'];
const CODES = [A, B, C];

const FAN_OUT = `{
  projects(first: 100, orderBy: ID_ASC) { edges { node { id } } }
  projectStats { total }
}`;
const SHARD_FIELDS = 'prefectureCode state url compatible lastError checkedAt candidateUrl candidateError';
const SHARDS = `{ shards { ${SHARD_FIELDS} } }`;
const REGISTER = `mutation($code: String!, $url: String!) {
  registerPrefectureShard(code: $code, url: $url) { code shard { url candidateUrl } }
}`;

describe('version skew between the gateway and prefecture shards', () => {
  let hub: HubHarness;
  let seeded: Map<string, SeededProject[]>;
  /** The proxy each prefecture was registered with at start. */
  const { proxies, realUrls, urlFor, close: closeProxies } = shardProxies();
  const extraProxies: ShardProxy[] = [];

  beforeAll(async () => {
    hub = await startHubHarness({
      codes: CODES,
      urlFor,
    });
    seeded = await seedProjects(hub, 2);
  });
  afterAll(async () => {
    await hub?.close();
    await closeProxies();
    await Promise.all(extraProxies.map((p) => p.close()));
  });

  async function shardOf(code: string, actor = ADMIN) {
    const { body } = await postToGateway(hub, SHARDS, {}, actor);
    return body.data!.shards.find((s: any) => s.prefectureCode === code);
  }

  describe('a shard whose schema breaks the contract', () => {
    const proxy = () => proxies.get(B)!;
    afterAll(async () => {
      proxy().mode = 'pass';
      await hub.gateway.refresh();
    });

    it('is reported INCOMPATIBLE after a check, naming the broken contract', async () => {
      expect(await shardOf(B)).toMatchObject({ state: 'SERVING', compatible: true });
      proxy().mode = 'incompatible';
      await hub.gateway.refresh();
      const shard = await shardOf(B);
      expect(shard).toMatchObject({ state: 'INCOMPATIBLE', compatible: false, url: proxy().url });
      expect(shard.lastError).toMatch(/contract/);
      expect(shard.lastError).toMatch(/projectStats/);
    });

    it('is left out of fan-outs with PREFECTURE_UNAVAILABLE, and gets no query traffic, only contract checks', async () => {
      proxy().reset();
      const { status, body } = await postToGateway(hub, FAN_OUT);
      expect(status).toBe(200);
      expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, [A, C]));
      expect(body.data!.projectStats).toEqual({ total: 4 });
      const unavailable = errorsWithCode(body, 'PREFECTURE_UNAVAILABLE');
      expect(unavailable.map((e) => [e.path, e.extensions?.prefecture, e.extensions?.reason])).toEqual([
        [['projects'], B, 'INCOMPATIBLE'],
        [['projectStats'], B, 'INCOMPATIBLE'],
      ]);
      const id = seeded.get(B)![0].id;
      const single = await postToGateway(hub, 'query($id: ID!) { project(id: $id) { id } }', { id });
      expect(single.body.data).toEqual({ project: null });
      expect(single.body.errors?.[0].extensions).toMatchObject({ code: 'PREFECTURE_UNAVAILABLE', prefecture: B });

      await hub.gateway.refresh();
      expect(proxy().queries).toBe(0);
      expect(proxy().probes).toBeGreaterThan(0);
    });

    it('rejoins once its schema is fixed, without restarting the gateway', async () => {
      proxy().mode = 'pass';
      await hub.gateway.refresh();
      expect(await shardOf(B)).toMatchObject({ state: 'SERVING', compatible: true, lastError: null, url: proxy().url });
      const { body } = await postToGateway(hub, FAN_OUT);
      expect(body.errors).toBeUndefined();
      expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, CODES));
      expect(body.data!.projectStats).toEqual({ total: 6 });
    });
  });

  describe('an admin pointing a prefecture at a new URL', () => {
    let candidate: ShardProxy;
    const original = () => proxies.get(C)!;

    beforeAll(async () => {
      candidate = await startShardProxy(realUrls.get(C)!, { mode: 'incompatible' });
      extraProxies.push(candidate);
    });

    it('does not adopt an incompatible URL: the admin sees why, and the old URL keeps serving', async () => {
      const registered = await postToGateway(hub, REGISTER, { code: C, url: candidate.url }, ADMIN);
      expect(registered.body.errors).toBeUndefined();
      expect(registered.body.data!.registerPrefectureShard.code).toBe(C);

      await hub.gateway.refresh();
      const shard = await shardOf(C);
      expect(shard).toMatchObject({
        state: 'SERVING',
        compatible: true,
        url: original().url,
        candidateUrl: candidate.url,
      });
      expect(shard.candidateError).toMatch(/contract/);

      original().reset();
      candidate.reset();
      const { body } = await postToGateway(hub, FAN_OUT);
      expect(body.errors).toBeUndefined();
      expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, CODES));
      expect(original().queries).toBe(2);
      expect(candidate.queries).toBe(0);
    });

    it('adopts the new URL once it passes the check, and traffic moves to it', async () => {
      candidate.mode = 'pass';
      await hub.gateway.refresh();
      const shard = await shardOf(C);
      expect(shard).toMatchObject({
        state: 'SERVING',
        compatible: true,
        url: candidate.url,
        candidateUrl: null,
        candidateError: null,
      });

      original().reset();
      candidate.reset();
      const { body } = await postToGateway(hub, FAN_OUT);
      expect(body.errors).toBeUndefined();
      expect(body.data!.projectStats).toEqual({ total: 6 });
      expect(candidate.queries).toBe(2);
      expect(original().queries).toBe(0);
    });

    it("does not adopt a URL serving another prefecture's subgraph", async () => {
      const before = await shardOf(C);
      const elsewhere = await startShardProxy(realUrls.get(A)!);
      extraProxies.push(elsewhere);
      await postToGateway(hub, REGISTER, { code: C, url: elsewhere.url }, ADMIN);
      await hub.gateway.refresh();
      const shard = await shardOf(C);
      expect(shard).toMatchObject({ state: 'SERVING', url: before.url, candidateUrl: elsewhere.url });
      expect(shard.candidateError).toMatch(/another prefecture/);
      expect(elsewhere.queries).toBe(0);

      await postToGateway(hub, REGISTER, { code: C, url: before.url }, ADMIN);
      await hub.gateway.refresh();
      expect(await shardOf(C)).toMatchObject({ url: before.url, candidateUrl: null, candidateError: null });
    });

    it('keeps the adopted URL on later registry reads', async () => {
      await hub.gateway.refresh();
      expect(await shardOf(C)).toMatchObject({ url: candidate.url, candidateUrl: null });
    });
  });

  describe('who may see and change shard URLs', () => {
    it('refuses registerPrefectureShard to a viewer with FORBIDDEN and changes nothing', async () => {
      const before = await shardOf(A);
      const intruder = await startShardProxy(realUrls.get(A)!);
      extraProxies.push(intruder);
      const { status, body } = await postToGateway(hub, REGISTER, { code: A, url: intruder.url }, VIEWER);
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      await hub.gateway.refresh();
      expect(await shardOf(A)).toMatchObject({ url: before.url, candidateUrl: null });
      expect(intruder.posts).toBe(0);
    });

    it('shows viewers no URLs in shards', async () => {
      const { body } = await postToGateway(hub, SHARDS, {}, VIEWER);
      expect(body.data!.shards.map((s: any) => s.prefectureCode)).toEqual(CODES);
      for (const shard of body.data!.shards) {
        expect(shard).toMatchObject({ url: null, candidateUrl: null, state: 'SERVING' });
      }
      const admin = await postToGateway(hub, SHARDS, {}, ADMIN);
      for (const shard of admin.body.data!.shards) expect(shard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    });
  });

  describe('shards that are broken when the gateway starts', () => {
    let late: HubHarness;
    const startProxies = new Map<string, ShardProxy>();
    const [INCOMPATIBLE, GARBLED, FINE] = ['530600', '530900', '533300'];

    beforeAll(async () => {
      late = await startHubHarness({
        codes: [INCOMPATIBLE, GARBLED, FINE],
        urlFor: async (code, realUrl) => {
          const mode = code === INCOMPATIBLE ? 'incompatible' : code === GARBLED ? 'garbage' : 'pass';
          const proxy = await startShardProxy(realUrl, { mode });
          startProxies.set(code, proxy);
          return proxy.url;
        },
      });
    });
    afterAll(async () => {
      await late?.close();
      await Promise.all([...startProxies.values()].map((p) => p.close()));
    });

    const statesOf = async () => {
      const { body } = await postToGateway(late, SHARDS, {}, ADMIN);
      return Object.fromEntries(body.data!.shards.map((s: any) => [s.prefectureCode, s]));
    };

    it('are reported INCOMPATIBLE or DOWN (not UNREGISTERED), with the reason', async () => {
      const shards = await statesOf();
      expect(shards[FINE]).toMatchObject({ state: 'SERVING', compatible: true });
      expect(shards[INCOMPATIBLE]).toMatchObject({ state: 'INCOMPATIBLE', compatible: false });
      expect(shards[INCOMPATIBLE].lastError ?? shards[INCOMPATIBLE].candidateError).toMatch(/contract/);
      expect(shards[GARBLED]).toMatchObject({ state: 'DOWN' });
      expect(shards[GARBLED].lastError ?? shards[GARBLED].candidateError).toMatch(/not JSON/);
    });

    it('leave their prefectures out with the real reason, and the graph stays up', async () => {
      const { body } = await postToGateway(late, '{ projectStats { total } }');
      expect(body.data).toEqual({ projectStats: { total: 0 } });
      const unavailable = errorsWithCode(body, 'PREFECTURE_UNAVAILABLE');
      expect(unavailable.map((e) => e.extensions!.prefecture).sort()).toEqual([INCOMPATIBLE, GARBLED]);
      const reasons = Object.fromEntries(unavailable.map((e) => [e.extensions!.prefecture, e.extensions!.reason]));
      expect(reasons[INCOMPATIBLE]).toBe('INCOMPATIBLE');
      expect(['DOWN', 'BAD_RESPONSE']).toContain(reasons[GARBLED]);
      // Both have a registered URL: "no URL registered" would send an operator looking in the wrong place.
      for (const error of unavailable) expect(error.message).not.toMatch(/no subgraph URL is registered/);
    });

    it('join once fixed, without restarting the gateway', async () => {
      for (const proxy of startProxies.values()) proxy.mode = 'pass';
      await late.gateway.refresh();
      const shards = await statesOf();
      for (const code of [INCOMPATIBLE, GARBLED, FINE]) {
        expect(shards[code]).toMatchObject({ state: 'SERVING', compatible: true, url: startProxies.get(code)!.url });
      }
      const { body } = await postToGateway(late, '{ projectStats { total } }');
      expect(body).toEqual({ data: { projectStats: { total: 0 } } });
    });
  });
});
