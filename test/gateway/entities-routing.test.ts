import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../../gateway/context.js';
import { loadPrefectureContract } from '../../gateway/contract/prefecture-contract.js';
import { ShardedDataSource } from '../../gateway/routing/sharded-data-source.js';
import { DEFAULT_SHARD_LIMITS, ShardCallLimiter } from '../../gateway/shards/shard-call-limiter.js';
import { createLogger } from '../../lib/logger.js';
import { PREFECTURES } from '../../schema/prefectures.js';
import { startHubHarness, type HubHarness } from '../../bench/support/hub-harness.js';
import { errorsWithCode, postToGateway } from '../support/gateway-http.js';
import { seedProjects, type SeededProject } from '../support/hub-seed.js';
import { hubTokenFor, VIEWER } from '../../bench/support/hub-tokens.js';

const [A, B, C, D] = ['530100', '530300', '532500', '533100'];
/** Each prefecture has its own number of projects, so totals tell them apart. */
const COUNTS: Record<string, number> = { [A]: 1, [B]: 2, [C]: 3, [D]: 2 };
const UNKNOWN_CODE = '539900';

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { __typename ... on Project { id name } }
}`;

describe('_entities across prefectures', () => {
  let hub: HubHarness;
  let seeded: Map<string, SeededProject[]>;
  const project = (code: string, n: number) => seeded.get(code)![n];

  beforeAll(async () => {
    hub = await startHubHarness({ codes: [D, B, A, C], shardTimeoutMs: 2_000 });
    seeded = await seedProjects(hub, (code) => COUNTS[code]);
  });
  afterAll(() => hub?.close());

  it('lists prefectures in registry order, each with its own project total', async () => {
    const { status, body } = await postToGateway(hub, '{ prefectures { code projectStats { total } } }');
    expect(status).toBe(200);
    expect(body.data!.prefectures.map((p: any) => p.code)).toEqual(PREFECTURES.map((p) => p.code));
    const totals = Object.fromEntries(body.data!.prefectures.map((p: any) => [p.code, p.projectStats?.total ?? null]));
    for (const code of [A, B, C, D]) expect(totals[code]).toBe(COUNTS[code]);
    expect(errorsWithCode(body, 'PREFECTURE_UNAVAILABLE')).toEqual([]);
  });

  describe('with one shard stopped', () => {
    let source: ShardedDataSource;

    beforeAll(async () => {
      await hub.stopShard(D);
      source = new ShardedDataSource({
        registry: hub.gateway.registry,
        contract: loadPrefectureContract(),
        timeoutMs: 2_000,
        ledgerTimeoutMs: 2_000,
        limiter: new ShardCallLimiter(DEFAULT_SHARD_LIMITS),
        logger: createLogger('test-entities'),
      });
    });

    async function entities(representations: Record<string, unknown>[]) {
      const context: GatewayContext = {
        actor: VIEWER,
        requestId: 'entities-routing-test',
        idempotencyKey: 'entities-routing-test',
        documentHash: undefined,
        hubTokenFor: (audience) => hubTokenFor(VIEWER, audience),
      };
      const options = {
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: { query: ENTITIES, variables: { representations } },
        context,
        incomingRequestContext: {},
      } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
      return source.process(options);
    }

    it('keeps order and count of keys interleaved across prefectures, with an error at every null it cannot fill', async () => {
      const missingId = `${A}-2018-9999`;
      const representations = [
        { __typename: 'Project', id: project(A, 0).id }, // 0
        { __typename: 'Project', id: project(B, 0).id }, // 1
        { __typename: 'Project', id: project(C, 0).id }, // 2
        { __typename: 'Project', id: missingId }, // 3: no such project
        { __typename: 'Project', id: project(D, 0).id }, // 4: stopped shard
        { __typename: 'Project', id: project(C, 2).id }, // 5
        { __typename: 'Project', id: `${UNKNOWN_CODE}-2018-0001` }, // 6: prefecture unknown to the hub
        { __typename: 'Project', id: project(B, 1).id }, // 7
        { __typename: 'Project', id: project(D, 1).id }, // 8: stopped shard
        { __typename: 'Project', id: 'not-a-project-id' }, // 9: no prefecture code at all
        { __typename: 'Project', id: project(A, 0).id }, // 10: asked twice
        { __typename: 'Project', id: project(C, 1).id }, // 11
      ];
      const response = await entities(representations);
      const answered = response.data!._entities as ({ id: string } | null)[];

      expect(answered).toHaveLength(representations.length);
      const nulls = answered.flatMap((entity, i) => (entity === null ? [i] : []));
      expect(nulls).toEqual([3, 4, 6, 8, 9]);
      answered.forEach((entity, i) => {
        if (entity !== null)
          expect(entity).toEqual({ __typename: 'Project', id: representations[i].id, name: expect.any(String) });
      });

      const errorsAt = (i: number) =>
        (response.errors ?? []).filter((e) => JSON.stringify(e.path) === JSON.stringify(['_entities', i]));
      // What the owning shard itself says of a missing project: nothing but null, or NOT_FOUND.
      const direct = await hub.shards.get(A)!.harness.execute(ENTITIES, { representations: [representations[3]] });
      expect(direct.data!._entities).toEqual([null]);
      expect(errorsAt(3).map((e) => e.extensions?.code)).toEqual((direct.errors ?? []).map((e) => e.extensions?.code));

      for (const i of [4, 8]) {
        expect(errorsAt(i), `error at _entities.${i}`).toHaveLength(1);
        expect(errorsAt(i)[0].extensions).toMatchObject({ code: 'PREFECTURE_UNAVAILABLE', prefecture: D });
      }
      expect(errorsAt(6)).toHaveLength(1);
      expect(errorsAt(6)[0].extensions).toMatchObject({ code: 'UNKNOWN_PREFECTURE', prefecture: UNKNOWN_CODE });
      expect(errorsAt(9)).toHaveLength(1);
      expect(errorsAt(9)[0].extensions).toMatchObject({ code: 'UNKNOWN_PREFECTURE' });
      // No error points at an entity that was answered.
      for (const error of response.errors ?? []) {
        expect(error.path?.[0]).toBe('_entities');
        expect(nulls).toContain(error.path?.[1]);
      }
    });

    it('gives an error at each index of an unknown prefecture asked more than once', async () => {
      const representations = [
        { __typename: 'Project', id: `${UNKNOWN_CODE}-2018-0001` },
        { __typename: 'Project', id: project(B, 0).id },
        { __typename: 'Project', id: `${UNKNOWN_CODE}-2018-0002` },
      ];
      const response = await entities(representations);
      expect((response.data!._entities as unknown[]).map((e) => e === null)).toEqual([true, false, true]);
      const paths = (response.errors ?? []).map((e) => e.path);
      expect(paths).toEqual([
        ['_entities', 0],
        ['_entities', 2],
      ]);
    });

    it('answers prefecture references in order, null only for the stopped shard', async () => {
      const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Prefecture { code projectStats { total } } } }`;
      const codes = [C, D, A, B];
      const context: GatewayContext = {
        actor: VIEWER,
        requestId: 'entities-routing-test',
        idempotencyKey: 'entities-routing-test',
        documentHash: undefined,
        hubTokenFor: (audience) => hubTokenFor(VIEWER, audience),
      };
      const response = await source.process({
        kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION,
        request: { query, variables: { representations: codes.map((code) => ({ __typename: 'Prefecture', code })) } },
        context,
        incomingRequestContext: {},
      } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
      expect(response.data!._entities).toEqual([
        { code: C, projectStats: { total: COUNTS[C] } },
        null,
        { code: A, projectStats: { total: COUNTS[A] } },
        { code: B, projectStats: { total: COUNTS[B] } },
      ]);
      expect(response.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.prefecture])).toEqual([
        [['_entities', 1], 'PREFECTURE_UNAVAILABLE', D],
      ]);
    });
  });
});
