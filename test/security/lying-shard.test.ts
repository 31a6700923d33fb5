/**
 * A prefecture's operator controls what their shard answers. They may lie about their own
 * prefecture, but must not be able to pass rows off as another prefecture's, nor break the
 * answers of the other prefectures. Real hub over loopback HTTP, the lying shard behind a proxy.
 */
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../gateway/context.js';
import { loadPrefectureContract } from '../../gateway/contract/prefecture-contract.js';
import { ShardedDataSource } from '../../gateway/routing/sharded-data-source.js';
import { DEFAULT_SHARD_LIMITS, ShardCallLimiter } from '../../gateway/shards/shard-call-limiter.js';
import { createLogger } from '../../lib/logger.js';
import { decodeCursor, encodeCursor } from '../../schema/contract/cursor.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';
import { errorsWithCode, postToGateway } from '../support/gateway-http.js';
import { idsOf } from '../support/hub-seed.js';
import { useProxiedHub } from '../support/proxied-hub.js';
import type { GraphQLResult } from '../../bench/support/prefecture-harness.js';
import { ADMIN, hubTokenFor, VIEWER } from '../../bench/support/hub-tokens.js';

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
  const suite = useProxiedHub(CODES, LIAR);

  function expectLeftOut(body: GraphQLResult): void {
    const unavailable = errorsWithCode(body, 'PREFECTURE_UNAVAILABLE');
    expect(unavailable.map((e) => [e.extensions?.prefecture, e.extensions?.reason])).toEqual([[LIAR, 'BAD_RESPONSE']]);
  }

  describe('cannot pass a row off as another prefecture’s in a merged page', () => {
    it('with the id of the other prefecture in its node and its cursors', async () => {
      suite.proxy.tamper = ({ query }) =>
        query.includes('projects')
          ? (answer) => {
              const page = answer.data.projects;
              const [edge] = page.edges as Edge[];
              const cursor = decodeCursor(edge.cursor!, ProjectOrder.ID_ASC);
              const forged = encodeCursor({ ...cursor, id: stolenId(cursor.id) });
              edge.node.id = stolenId(edge.node.id);
              edge.cursor = forged;
              page._hubEdges[0].cursor = forged;
            }
          : null;
      const { status, body } = await postToGateway(suite.hub, PAGE);
      expect(status).toBe(200);
      expectLeftOut(body);
      const ids = body.data!.projects.edges.map((e: Edge) => e.node.id);
      expect(ids).toEqual(idsOf(suite.seeded, [HONEST]));
    });

    it('with the other prefecture’s id only in the node the client reads (its own in the cursor)', async () => {
      suite.proxy.tamper = ({ query }) =>
        query.includes('projects')
          ? (answer) => {
              const [edge] = answer.data.projects.edges as { n: { ident: string } }[];
              edge.n.ident = stolenId(edge.n.ident);
            }
          : null;
      const { body } = await postToGateway(suite.hub, ALIASED_PAGE);
      expectLeftOut(body);
      expect(body.data!.projects.edges.map((e: { n: { ident: string } }) => e.n.ident)).toEqual(
        idsOf(suite.seeded, [HONEST]),
      );
    });

    it('still serves its own rows when it does not lie (the refusals above are about the stolen ids)', async () => {
      const { body } = await postToGateway(suite.hub, PAGE);
      expect(body.errors).toBeUndefined();
      expect(body.data!.projects.edges.map((e: Edge) => e.node.id)).toEqual(idsOf(suite.seeded, CODES));
    });
  });

  describe('cannot answer a project asked by its key with another prefecture’s', () => {
    const PROJECT = 'query($id: ID!) { project(id: $id) { id prefectureCode name } }';
    const lies: [string, (project: Record<string, string>) => void][] = [
      ['its id', (project) => void (project.id = stolenId(project.id))],
      ['its prefectureCode', (project) => void (project.prefectureCode = HONEST)],
    ];
    it.each(lies)('a read answered with another prefecture in %s is BAD_RESPONSE', async (_what, lie) => {
      suite.proxy.tamper = () => (answer) => lie(answer.data.project);
      const { body } = await postToGateway(suite.hub, PROJECT, { id: suite.seeded.get(LIAR)![0].id });
      expectLeftOut(body);
      expect(body.data?.project ?? null).toBeNull();
    });

    it('a write answered with another prefecture’s project is WRITE_OUTCOME_UNKNOWN, not that project', async () => {
      suite.proxy.tamper = () => (answer) =>
        void (answer.data.updateProject.id = stolenId(answer.data.updateProject.id));
      const update = 'mutation($input: UpdateProjectInput!) { updateProject(input: $input) { id county } }';
      const input = { id: suite.seeded.get(LIAR)![1].id, version: 1, county: '富源县' };
      const { body } = await postToGateway(suite.hub, update, { input }, ADMIN);
      expect(body.data?.updateProject ?? null).toBeNull();
      const unknown = errorsWithCode(body, 'WRITE_OUTCOME_UNKNOWN');
      expect(unknown.map((e) => [e.extensions?.prefecture, e.extensions?.reason])).toEqual([[LIAR, 'BAD_RESPONSE']]);
    });

    it('an entity answered for another key is BAD_RESPONSE, the honest shard’s entity kept', async () => {
      const source = new ShardedDataSource({
        registry: suite.hub.gateway.registry,
        contract: loadPrefectureContract(),
        timeoutMs: 5_000,
        ledgerTimeoutMs: 5_000,
        limiter: new ShardCallLimiter(DEFAULT_SHARD_LIMITS),
        logger: createLogger('test-lying-shard'),
      });
      suite.proxy.tamper = ({ query }) =>
        query.includes('_entities')
          ? (answer) => void (answer.data._entities[0].id = stolenId(answer.data._entities[0].id))
          : null;
      const context: GatewayContext = {
        actor: VIEWER,
        requestId: 'lying-shard-test',
        idempotencyKey: 'lying-shard-test',
        documentHash: undefined,
        hubTokenFor: (audience) => hubTokenFor(VIEWER, audience),
      };
      const representations = [HONEST, LIAR].map((code) => ({
        __typename: 'Project',
        id: suite.seeded.get(code)![0].id,
      }));
      const query =
        'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Project { id } } }';
      const response = await source.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: { query, variables: { representations } },
        context,
        incomingRequestContext: {},
      } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
      const answered = response.data!._entities as ({ id: string } | null)[];
      expect(answered.map((entity) => entity?.id ?? null)).toEqual([representations[0].id, null]);
      expectLeftOut(response as GraphQLResult);
    });
  });

  describe('cannot speak as the hub', () => {
    const PHISH = 'filter: your session expired, sign in again at https://hub.example.evil';

    it('its lone "refusal of the input" names it as the prefecture that said so', async () => {
      suite.proxy.tamper = ({ query }) =>
        query.includes('projectStats')
          ? (answer) => {
              answer.data = null;
              answer.errors = [{ message: PHISH, path: ['projectStats'], extensions: { code: 'BAD_USER_INPUT' } }];
            }
          : null;
      const { body } = await postToGateway(suite.hub, '{ projectStats { total } }');
      const relayed = errorsWithCode(body, 'BAD_USER_INPUT');
      expect(relayed.map((e) => [e.message, e.extensions?.prefecture])).toEqual([[PHISH, LIAR]]);
    });

    it('a refusal of the input every shard agrees on is the hub’s (no prefecture named)', async () => {
      const { body } = await postToGateway(suite.hub, '{ projects(first: 0) { totalCount } }');
      const refused = errorsWithCode(body, 'BAD_USER_INPUT');
      expect(refused).toHaveLength(1);
      expect(refused[0].extensions?.field).toBe('first');
      expect(refused[0].extensions).not.toHaveProperty('prefecture');
    });
  });

  describe('cannot break the other prefectures’ figures with a huge count', () => {
    it('in a page’s totalCount', async () => {
      suite.proxy.tamper = ({ query }) =>
        query.includes('projects')
          ? (answer) => {
              answer.data.projects._hubTotal = INT_MAX;
              answer.data.projects.totalCount = INT_MAX;
            }
          : null;
      const { status, body } = await postToGateway(suite.hub, PAGE);
      expect(status).toBe(200);
      expect(body.data?.projects, JSON.stringify(body.errors)).toBeTruthy();
      expectLeftOut(body);
      expect(body.data!.projects.totalCount).toBe(2);
      expect(body.data!.projects.edges.map((e: Edge) => e.node.id)).toEqual(idsOf(suite.seeded, [HONEST]));
    });

    it('in projectStats', async () => {
      suite.proxy.tamper = ({ query }) =>
        query.includes('projectStats')
          ? (answer) => {
              answer.data.projectStats.total = INT_MAX;
            }
          : null;
      const { status, body } = await postToGateway(suite.hub, '{ projectStats { total agreedInvestment } }');
      expect(status).toBe(200);
      expect(body.data?.projectStats, JSON.stringify(body.errors)).toBeTruthy();
      expectLeftOut(body);
      expect(body.data!.projectStats.total).toBe(2);
    });
  });
});
