/**
 * A prefecture's operator controls what their shard answers. They may lie about their own
 * prefecture, but must not be able to pass rows off as another prefecture's, nor break the
 * answers of the other prefectures. Real hub over loopback HTTP, the lying shard behind a proxy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../schema/contract/cursor.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';
import { errorsWithCode, postToGateway, untilAllServing } from '../support/gateway-http.js';
import { idsOf, seedProjects, type SeededProject } from '../support/hub-seed.js';
import { startHubHarness, type HubHarness } from '../support/hub-harness.js';
import { shardProxies } from '../support/shard-proxies.js';
import type { ShardProxy } from '../support/shard-proxy.js';
import type { GraphQLResult } from '../support/prefecture-harness.js';

const HONEST = '530100';
const LIAR = '530300';
const CODES = [HONEST, LIAR];
const INT_MAX = 2 ** 31 - 1;

const PAGE = '{ projects(first: 20, orderBy: ID_ASC) { totalCount edges { cursor node { id name } } } }';
const ALIASED_PAGE = '{ projects(first: 20, orderBy: ID_ASC) { edges { n: node { ident: id } } } }';

type Edge = { cursor?: string; node: Record<string, string> };

/** Another prefecture's id in place of a row's id: same year and number, the honest prefix. */
const stolenId = (id: string) => `${HONEST}${id.slice(HONEST.length)}`.replace(/\d{4}$/, '9999');

describe('a lying shard', () => {
  let hub: HubHarness;
  const shards = shardProxies({ only: [LIAR] });
  let proxy: ShardProxy;
  let seeded: Map<string, SeededProject[]>;

  beforeAll(async () => {
    hub = await startHubHarness({ codes: CODES, urlFor: shards.urlFor });
    proxy = shards.get(LIAR);
    seeded = await seedProjects(hub, 2);
    await untilAllServing(hub);
  });
  afterEach(async () => {
    proxy.tamper = null;
    proxy.reset();
    await untilAllServing(hub);
  });
  afterAll(async () => {
    await hub?.close();
    await shards.close();
  });

  function expectLeftOut(body: GraphQLResult): void {
    const unavailable = errorsWithCode(body, 'PREFECTURE_UNAVAILABLE');
    expect(unavailable.map((e) => [e.extensions?.prefecture, e.extensions?.reason])).toEqual([[LIAR, 'BAD_RESPONSE']]);
  }

  describe('cannot pass a row off as another prefecture’s in a merged page', () => {
    it('with the id of the other prefecture in its node and its cursors', async () => {
      proxy.tamper = ({ query }) => query.includes('projects') ? (answer) => {
        const page = answer.data.projects;
        const [edge] = page.edges as Edge[];
        const cursor = decodeCursor(edge.cursor!, ProjectOrder.ID_ASC);
        const forged = encodeCursor({ ...cursor, id: stolenId(cursor.id) });
        edge.node.id = stolenId(edge.node.id);
        edge.cursor = forged;
        page._hubEdges[0].cursor = forged;
      } : null;
      const { status, body } = await postToGateway(hub, PAGE);
      expect(status).toBe(200);
      expectLeftOut(body);
      const ids = body.data!.projects.edges.map((e: Edge) => e.node.id);
      expect(ids).toEqual(idsOf(seeded, [HONEST]));
    });

    it('with the other prefecture’s id only in the node the client reads (its own in the cursor)', async () => {
      proxy.tamper = ({ query }) => query.includes('projects') ? (answer) => {
        const [edge] = answer.data.projects.edges as { n: { ident: string } }[];
        edge.n.ident = stolenId(edge.n.ident);
      } : null;
      const { body } = await postToGateway(hub, ALIASED_PAGE);
      expectLeftOut(body);
      expect(body.data!.projects.edges.map((e: { n: { ident: string } }) => e.n.ident)).toEqual(
        idsOf(seeded, [HONEST]),
      );
    });

    it('still serves its own rows when it does not lie (the refusals above are about the stolen ids)', async () => {
      const { body } = await postToGateway(hub, PAGE);
      expect(body.errors).toBeUndefined();
      expect(body.data!.projects.edges.map((e: Edge) => e.node.id)).toEqual(idsOf(seeded, CODES));
    });
  });

  describe('cannot break the other prefectures’ figures with a huge count', () => {
    it('in a page’s totalCount', async () => {
      proxy.tamper = ({ query }) => query.includes('projects') ? (answer) => {
        answer.data.projects._hubTotal = INT_MAX;
        answer.data.projects.totalCount = INT_MAX;
      } : null;
      const { status, body } = await postToGateway(hub, PAGE);
      expect(status).toBe(200);
      expect(body.data?.projects, JSON.stringify(body.errors)).toBeTruthy();
      expectLeftOut(body);
      expect(body.data!.projects.totalCount).toBe(2);
      expect(body.data!.projects.edges.map((e: Edge) => e.node.id)).toEqual(idsOf(seeded, [HONEST]));
    });

    it('in projectStats', async () => {
      proxy.tamper = ({ query }) => query.includes('projectStats') ? (answer) => {
        answer.data.projectStats.total = INT_MAX;
      } : null;
      const { status, body } = await postToGateway(hub, '{ projectStats { total agreedInvestment } }');
      expect(status).toBe(200);
      expect(body.data?.projectStats, JSON.stringify(body.errors)).toBeTruthy();
      expectLeftOut(body);
      expect(body.data!.projectStats.total).toBe(2);
    });
  });
});
