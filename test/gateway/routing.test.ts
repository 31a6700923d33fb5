import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { errorsWithCode, postToGateway } from '../support/gateway-http.js';
import { idsOf, investmentOf, seedProjects, type SeededProject } from '../support/hub-seed.js';
import { ADMIN, officerOf } from '../../bench/support/hub-tokens.js';
import {
  CREATE_PROJECT,
  createProject,
  projectInput,
  storedProject,
  tableCounts,
} from '../../bench/support/project-fixtures.js';
import { shardProxies } from '../support/shard-proxies.js';

const [A, B, C] = ['530100', '530400', '530700'];
const CODES = [A, B, C];
const UNKNOWN_CODE = '539900';

describe('routing of root fields through the gateway', () => {
  const { proxies, urlFor, close: closeProxies } = shardProxies();
  let hub: HubHarness;
  let seeded: Map<string, SeededProject[]>;

  beforeAll(async () => {
    hub = await startHubHarness({ codes: CODES, urlFor });
    seeded = await seedProjects(hub, 2);
  });
  afterAll(async () => {
    await hub?.close();
    await closeProxies();
  });
  beforeEach(() => {
    for (const proxy of proxies.values()) proxy.reset();
  });

  /** Query and mutation POSTs each shard received since the last reset. */
  const traffic = () => Object.fromEntries(CODES.map((code) => [code, proxies.get(code)!.queries]));
  const countProjects = async (code: string) => (await tableCounts(hub.shards.get(code)!.harness)).project;

  describe('queries', () => {
    it('sends project(id) to the owning shard only', async () => {
      const { id } = seeded.get(B)![1];
      const { body } = await postToGateway(hub, 'query($id: ID!) { project(id: $id) { id prefectureCode } }', { id });
      expect(body).toEqual({ data: { project: { id, prefectureCode: B } } });
      expect(traffic()).toEqual({ [A]: 0, [B]: 1, [C]: 0 });
    });

    it('answers project(id) of a prefecture unknown to the hub with null and UNKNOWN_PREFECTURE, calling no shard', async () => {
      const { status, body } = await postToGateway(hub, 'query($id: ID!) { project(id: $id) { id } }', {
        id: `${UNKNOWN_CODE}-2018-0001`,
      });
      expect(status).toBe(200);
      expect(body.data).toEqual({ project: null });
      expect(body.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.prefecture])).toEqual([
        [['project'], 'UNKNOWN_PREFECTURE', UNKNOWN_CODE],
      ]);
      expect(traffic()).toEqual({ [A]: 0, [B]: 0, [C]: 0 });
    });

    it('sends projects filtered to one prefecture to that shard only', async () => {
      const { body } = await postToGateway(
        hub,
        'query($f: ProjectFilter) { projects(filter: $f, orderBy: ID_ASC) { totalCount edges { node { id } } } }',
        { f: { prefectures: [C] } },
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, [C]));
      expect(body.data!.projects.totalCount).toBe(2);
      expect(traffic()).toEqual({ [A]: 0, [B]: 0, [C]: 1 });
    });

    it('sends projectStats filtered to some prefectures to those shards only, and adds their sums', async () => {
      const { body } = await postToGateway(
        hub,
        'query($f: ProjectFilter) { projectStats(filter: $f) { total agreedInvestment } }',
        {
          f: { prefectures: [A, C] },
        },
      );
      expect(body).toEqual({ data: { projectStats: { total: 4, agreedInvestment: investmentOf(seeded, [A, C]) } } });
      expect(traffic()).toEqual({ [A]: 1, [B]: 0, [C]: 1 });
    });

    it('fans an unfiltered projects page out to every shard', async () => {
      const { body } = await postToGateway(
        hub,
        '{ projects(first: 100, orderBy: ID_ASC) { totalCount edges { node { id } } } }',
      );
      expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, CODES));
      expect(traffic()).toEqual({ [A]: 1, [B]: 1, [C]: 1 });
    });

    it('names a filtered prefecture unknown to the hub with UNKNOWN_PREFECTURE and answers the rest', async () => {
      const { status, body } = await postToGateway(
        hub,
        `query($f: ProjectFilter) {
          projects(filter: $f, orderBy: ID_ASC) { edges { node { id } } }
          projectStats(filter: $f) { total }
        }`,
        { f: { prefectures: [B, UNKNOWN_CODE] } },
      );
      expect(status).toBe(200);
      expect(body.data!.projects.edges.map((e: any) => e.node.id)).toEqual(idsOf(seeded, [B]));
      expect(body.data!.projectStats).toEqual({ total: 2 });
      const unknown = errorsWithCode(body, 'UNKNOWN_PREFECTURE');
      expect(unknown.map((e) => [e.path, e.extensions?.prefecture])).toEqual([
        [['projects'], UNKNOWN_CODE],
        [['projectStats'], UNKNOWN_CODE],
      ]);
      expect(body.errors).toHaveLength(2);
      expect(traffic()).toEqual({ [A]: 0, [B]: 2, [C]: 0 });
    });
  });

  describe('mutations', () => {
    it("sends an officer's createProject to exactly one shard and writes the row only there", async () => {
      const before = Object.fromEntries(
        await Promise.all(CODES.map(async (code) => [code, await countProjects(code)])),
      );
      const id = `${B}-2019-0501`;
      const { body } = await postToGateway(
        hub,
        CREATE_PROJECT,
        { input: projectInput(B, { id, name: '路由测试项目' }) },
        officerOf(B),
      );
      expect(body.errors).toBeUndefined();
      expect(body.data!.createProject).toMatchObject({ id, prefectureCode: B, version: 1 });
      expect(traffic()).toEqual({ [A]: 0, [B]: 1, [C]: 0 });
      expect(await storedProject(hub.shards.get(B)!.harness, id)).toMatchObject({ id, name: '路由测试项目' });
      for (const code of CODES) expect(await countProjects(code)).toBe(before[code] + (code === B ? 1 : 0));
    });

    it('runs two mutations of one operation in order: the second sees the first', async () => {
      const id = `${A}-2019-0601`;
      const { body } = await postToGateway(
        hub,
        `mutation($create: CreateProjectInput!, $update: UpdateProjectInput!) {
          created: createProject(input: $create) { id version name }
          updated: updateProject(input: $update) { id version name }
        }`,
        { create: projectInput(A, { id, name: '先建' }), update: { id, version: 1, name: '后改' } },
        officerOf(A),
      );
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({
        created: { id, version: 1, name: '先建' },
        updated: { id, version: 2, name: '后改' },
      });
      expect(traffic()).toEqual({ [A]: 2, [B]: 0, [C]: 0 });
      expect(await storedProject(hub.shards.get(A)!.harness, id)).toMatchObject({ name: '后改', version: 2 });
    });

    it('stops a mutation operation at the first failed non-null field, as GraphQL does: later fields are not run', async () => {
      const operation = `mutation($stale: UpdateProjectInput!, $fresh: UpdateProjectInput!) {
        stale: updateProject(input: $stale) { id version name }
        fresh: updateProject(input: $fresh) { id version name }
      }`;
      const variables = (id: string) => ({
        stale: { id, version: 7, name: '过期' },
        fresh: { id, version: 1, name: '不该写入' },
      });
      const harness = hub.shards.get(A)!.harness;
      // What one subgraph does with this operation on its own: the reference behaviour.
      const direct = await createProject(harness, { id: `${A}-2019-0603`, name: '原名' });
      const alone = await harness.execute(operation, variables(direct.id));
      expect(alone.data).toBeNull();
      expect(await storedProject(harness, direct.id)).toMatchObject({ name: '原名', version: 1 });

      const id = `${A}-2019-0602`;
      await createProject(harness, { id, name: '原名' });
      const { body } = await postToGateway(hub, operation, variables(id), officerOf(A));
      expect(body.data).toBeNull();
      expect(body.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['stale'], 'VERSION_CONFLICT']]);
      // The client was told nothing succeeded, so nothing may have been written.
      expect(await storedProject(hub.shards.get(A)!.harness, id)).toMatchObject({ name: '原名', version: 1 });
      expect(traffic()).toEqual({ [A]: 1, [B]: 0, [C]: 0 });
    });

    it("sends each of an admin's mutations to its own prefecture's shard", async () => {
      const ids = { [A]: `${A}-2019-0701`, [C]: `${C}-2019-0701` };
      const { body } = await postToGateway(
        hub,
        `mutation($a: CreateProjectInput!, $c: CreateProjectInput!) {
          a: createProject(input: $a) { id prefectureCode }
          c: createProject(input: $c) { id prefectureCode }
        }`,
        { a: projectInput(A, { id: ids[A] }), c: projectInput(C, { id: ids[C] }) },
        ADMIN,
      );
      expect(body).toEqual({ data: { a: { id: ids[A], prefectureCode: A }, c: { id: ids[C], prefectureCode: C } } });
      expect(traffic()).toEqual({ [A]: 1, [B]: 0, [C]: 1 });
      expect(await storedProject(hub.shards.get(A)!.harness, ids[C])).toBeUndefined();
      expect(await storedProject(hub.shards.get(C)!.harness, ids[A])).toBeUndefined();
    });

    it("refuses an officer creating another prefecture's project with FORBIDDEN from the owning shard, writing nothing", async () => {
      const before = await tableCounts(hub.shards.get(C)!.harness);
      const id = `${C}-2019-0801`;
      const { status, body } = await postToGateway(
        hub,
        CREATE_PROJECT,
        { input: projectInput(C, { id }) },
        officerOf(A),
      );
      expect(status).toBe(200);
      expect(body.data).toBeNull();
      expect(body.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.prefecture])).toEqual([
        [['createProject'], 'FORBIDDEN', C],
      ]);
      expect(traffic()).toEqual({ [A]: 0, [B]: 0, [C]: 1 });
      expect(await tableCounts(hub.shards.get(C)!.harness)).toEqual(before);
    });
  });

  describe('HTTP', () => {
    it('refuses a request without a bearer token with HTTP 401 UNAUTHENTICATED and calls no shard', async () => {
      const response = await fetch(hub.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ projectStats { total } }' }),
      });
      expect(response.status).toBe(401);
      const body = (await response.json()) as any;
      expect(body.data).toBeUndefined();
      expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
      expect(traffic()).toEqual({ [A]: 0, [B]: 0, [C]: 0 });
    });

    it('refuses a token signed with another secret with HTTP 401', async () => {
      const response = await fetch(hub.gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
        },
        body: JSON.stringify({ query: '{ projectStats { total } }' }),
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('answers /health and /ready with 200 without a token', async () => {
      const health = await fetch(hub.gatewayUrl.replace(/\/graphql$/, '/health'));
      expect(health.status).toBe(200);
      const ready = await fetch(hub.gatewayUrl.replace(/\/graphql$/, '/ready'));
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ shardsServing: 3, shards: 3 });
    });
  });
});
