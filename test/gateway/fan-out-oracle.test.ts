import type { FilterQuery } from '@mikro-orm/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFen } from '../../schema/contract/money.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';
import { ProjectStage } from '../../schema/contract/project-stage.js';
import { PREFECTURES } from '../../schema/prefectures.js';
import { openPrefectureDatabase } from '../../subgraphs/prefecture/db/open-database.js';
import { Project } from '../../subgraphs/prefecture/entities/index.js';
import { projectCondition } from '../../subgraphs/prefecture/services/project-filter.js';
import { keysetOrderBy } from '../../subgraphs/prefecture/services/project-keyset.js';
import type { MikroORM } from '@mikro-orm/core';
import { startHubHarness, type GatewayReplica, type HubHarness } from '../../bench/support/hub-harness.js';
import { CREATE_PROJECT, projectInput } from '../../bench/support/project-fixtures.js';
import type { GraphQLResult } from '../../bench/support/prefecture-harness.js';
import type { Actor } from '../../schema/contract/hub-credential.js';

type GatewayActor = Omit<Actor, 'requestId'>;
import { syntheticProject } from '../support/synthetic-projects.js';
import { createTestDatabase, type TestDatabase } from '../../bench/support/test-databases.js';

const CODES = PREFECTURES.map((p) => p.code);
const ROWS_PER_SHARD = 24;
const PAGE = `query($first: Int!, $after: String, $orderBy: ProjectOrder!, $filter: ProjectFilter) {
  projects(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
const STATS = `query($filter: ProjectFilter) { projectStats(filter: $filter) {
  total signed byStage { negotiating signed preparing underConstruction operating terminated } agreedInvestment fundsInPlace
} }`;

const filterArbitrary = fc.record(
  {
    prefectures: fc.subarray(CODES, { minLength: 1, maxLength: 5 }),
    stages: fc.subarray(['NEGOTIATING', 'SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION', 'OPERATING', 'TERMINATED'], {
      minLength: 1,
    }),
    signingLevels: fc.subarray(['PROVINCIAL_MAJOR_EVENT', 'PREFECTURE'], { minLength: 1 }),
    cohortYears: fc.subarray([2016, 2017, 2018, 2019, 2020], { minLength: 1 }),
    text: fc.constantFrom('solar', '绿色', '项目 1', '-2018-'),
    counties: fc.subarray(['红塔区', '江川区'], { minLength: 1 }),
  },
  { requiredKeys: [] },
);

/** The gateway cache of the second gateway: in-process, long enough to serve every page twice. */
const CACHE = { ttlMs: 600_000, maxMemoryChars: 64 * 1024 * 1024, resultsPollMs: 3_600_000 };

describe('fan-out over 16 shards against a single-database oracle', () => {
  let hub: HubHarness;
  /** A second gateway over the same shards, with the cache on: it must answer exactly like the oracle too. */
  let cached: GatewayReplica;
  let oracleDb: TestDatabase;
  let oracle: MikroORM;
  type Query = (query: string, variables?: Record<string, unknown>, actor?: GatewayActor) => Promise<GraphQLResult>;
  const gateways: Record<'without the cache' | 'with the cache on', Query> = {
    'without the cache': (query, variables, actor) => hub.query(query, variables, actor),
    'with the cache on': (query, variables, actor) => cached.query(query, variables, actor),
  };

  beforeAll(async () => {
    hub = await startHubHarness({ codes: CODES });
    cached = await hub.startReplica(CACHE);
    oracleDb = await createTestDatabase('sqlite');
    oracle = await openPrefectureDatabase(oracleDb.target, { migrate: true });
    const all: Partial<Project>[] = [];
    for (const [index, code] of CODES.entries()) {
      // Shards get different amounts of data, some none at all.
      const rows = Array.from({ length: index % 5 === 4 ? 0 : ROWS_PER_SHARD + index }, (_, i) =>
        syntheticProject(code, i + 1),
      );
      if (rows.length) await hub.shards.get(code)!.harness.orm.em.fork().insertMany(Project, rows);
      all.push(...rows);
    }
    await oracle.em.fork().insertMany(Project, all);
  }, 120_000);
  afterAll(async () => {
    await hub?.close();
    await oracle?.close(true);
    await oracleDb?.drop();
  });

  /** What one database holding every prefecture's rows answers for the filter and order. */
  async function oracleRows(filter: Record<string, any>, orderBy: ProjectOrder): Promise<Project[]> {
    const { prefectures, ...rest } = filter;
    const condition: FilterQuery<Project>[] = [...projectCondition(rest, 'any', 'sqlite')!];
    if (prefectures) condition.push({ prefectureCode: { $in: prefectures } });
    return oracle.em
      .fork()
      .find(Project, condition.length ? { $and: condition } : {}, { orderBy: keysetOrderBy(orderBy) });
  }

  async function walkGateway(query: Query, filter: Record<string, any>, orderBy: ProjectOrder, first: number) {
    const ids: string[] = [];
    const totals = new Set<number>();
    let after: string | null = null;
    for (let page = 0; page < 500; page++) {
      const result: any = await query(PAGE, { first, after, orderBy, filter });
      expect(result.errors).toBeUndefined();
      const connection: any = result.data!.projects;
      totals.add(connection.totalCount);
      ids.push(...connection.edges.map((e: any) => e.node.id));
      expect(connection.pageInfo.hasPreviousPage).toBe(after !== null);
      if (connection.edges.length) expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1).cursor);
      if (!connection.pageInfo.hasNextPage) return { ids, totals };
      expect(connection.edges).toHaveLength(first);
      after = connection.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  for (const [mode, query] of Object.entries(gateways)) {
    it(`walks every page of random filters, orders and page sizes to exactly the oracle rows, order and totals, ${mode}`, async () => {
      await fc.assert(
        fc.asyncProperty(
          filterArbitrary,
          fc.constantFrom(...Object.values(ProjectOrder)),
          fc.integer({ min: 4, max: 70 }),
          async (filter, orderBy, first) => {
            const expected = (await oracleRows(filter, orderBy)).map((p) => p.id);
            // With the cache on, the second walk is answered from what the first one kept.
            for (let walk = 0; walk < (mode === 'with the cache on' ? 2 : 1); walk++) {
              const { ids, totals } = await walkGateway(query, filter, orderBy, first);
              expect(ids).toEqual(expected);
              expect([...totals]).toEqual([expected.length]);
            }
          },
        ),
        { numRuns: 25, seed: 20190618 },
      );
    }, 300_000);

    it(`walks the unfiltered province in every order to the oracle, ${mode}`, async () => {
      for (const orderBy of Object.values(ProjectOrder)) {
        const expected = (await oracleRows({}, orderBy)).map((p) => p.id);
        expect(expected.length).toBeGreaterThan(300);
        const { ids, totals } = await walkGateway(query, {}, orderBy, 97);
        expect(ids).toEqual(expected);
        expect([...totals]).toEqual([expected.length]);
      }
    }, 120_000);

    it(`adds counts and money of random filters exactly like the oracle, ${mode}`, async () => {
      await fc.assert(
        fc.asyncProperty(filterArbitrary, async (filter) => {
          const rows = await oracleRows(filter, ProjectOrder.ID_ASC);
          const result = await query(STATS, { filter });
          expect(result.errors).toBeUndefined();
          const count = (stage: ProjectStage) => rows.filter((r) => r.stage === stage).length;
          expect(result.data!.projectStats).toEqual({
            total: rows.length,
            signed: rows.length - count(ProjectStage.NEGOTIATING),
            byStage: {
              negotiating: count(ProjectStage.NEGOTIATING),
              signed: count(ProjectStage.SIGNED),
              preparing: count(ProjectStage.PREPARING),
              underConstruction: count(ProjectStage.UNDER_CONSTRUCTION),
              operating: count(ProjectStage.OPERATING),
              terminated: count(ProjectStage.TERMINATED),
            },
            agreedInvestment: formatFen(rows.reduce((sum, r) => sum + r.agreedInvestment, 0n)),
            fundsInPlace: formatFen(rows.reduce((sum, r) => sum + r.fundsInPlace, 0n)),
          });
        }),
        { numRuns: 40, seed: 2018 },
      );
    }, 120_000);
  }

  // Last: it writes, so the oracle database no longer holds every row afterwards.
  it('walks pages with the cache on and a write between two pages exactly like a gateway without the cache', async () => {
    const uncached = gateways['without the cache'];
    let written = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.values(ProjectOrder)),
        fc.integer({ min: 20, max: 90 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom(...CODES),
        async (orderBy, first, writeAfterPage, code) => {
          let after: string | null = null;
          let total: number | null = null;
          for (let page = 0; page < 500; page++) {
            const variables = { first, after, orderBy, filter: {} };
            const got: any = await cached.query(PAGE, variables);
            // Asked of both after the write: the cached gateway must already show it.
            const expected: any = await uncached(PAGE, variables);
            expect(got.errors).toBeUndefined();
            expect(got).toEqual(expected);
            const connection = got.data!.projects;
            if (total !== null) expect(connection.totalCount).toBe(total);
            if (page === writeAfterPage) {
              const officer = { subject: `officer-${code}`, role: 'officer' as const, prefectureCode: code };
              const created = await cached.query(CREATE_PROJECT, { input: projectInput(code) }, officer);
              expect(created.errors).toBeUndefined();
              written++;
              total = connection.totalCount + 1;
            }
            if (!connection.pageInfo.hasNextPage) break;
            after = connection.pageInfo.endCursor;
          }
        },
      ),
      { numRuns: 12, seed: 20251202 },
    );
    expect(written).toBeGreaterThan(0);
  }, 300_000);
});
