import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCursors, encodeCursor } from '../../../schema/contract/cursor.js';
import { SigningLevel } from '../../../schema/contract/project-enums.js';
import { ProjectStage } from '../../../schema/contract/project-stage.js';
import { ProjectOrder } from '../../../schema/contract/project-order.js';
import { Project } from '../../../subgraphs/prefecture/entities/index.js';
import { cursorOf } from '../../../subgraphs/prefecture/services/project-keyset.js';
import {
  startPrefectureHarness,
  type GraphQLResult,
  type PrefectureHarness,
} from '../../../bench/support/prefecture-harness.js';
import { errorCodes } from '../../../bench/support/project-fixtures.js';
import { syntheticProject } from '../../support/synthetic-projects.js';
import { DIALECTS } from '../../../bench/support/test-databases.js';

const CODE = '530400';
const PAGE = `query($first: Int!, $after: String, $orderBy: ProjectOrder!, $filter: ProjectFilter) {
  projects(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
describe.each(DIALECTS)('prefecture subgraph reads on %s', (dialect) => {
  let harness: PrefectureHarness;
  let nextSeq = 1;
  const insert = async (count: number) => {
    const rows = Array.from({ length: count }, () => syntheticProject(CODE, nextSeq++));
    await harness.orm.em.fork().insertMany(Project, rows);
    return rows;
  };

  beforeAll(async () => {
    harness = await startPrefectureHarness(dialect, CODE);
    await insert(90);
  });
  afterAll(() => harness?.close());

  async function walk(orderBy: ProjectOrder, first: number, filter?: object, onPage?: () => Promise<void>) {
    const ids: string[] = [];
    const cursors: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 1000; guard++) {
      const result: GraphQLResult = await harness.execute(PAGE, { first, after, orderBy, filter });
      expect(result.errors).toBeUndefined();
      const page: any = result.data!.projects;
      ids.push(...page.edges.map((e: any) => e.node.id));
      cursors.push(...page.edges.map((e: any) => e.cursor));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!page.pageInfo.hasNextPage) return { ids, cursors, totalCount: page.totalCount };
      after = page.pageInfo.endCursor;
      await onPage?.();
    }
    throw new Error('pagination did not end');
  }

  async function expectedOrder(orderBy: ProjectOrder, keep: (p: Project) => boolean = () => true): Promise<string[]> {
    const all = await harness.orm.em.fork().find(Project, {});
    return all
      .filter(keep)
      .map((p) => cursorOf(p, orderBy))
      .sort(compareCursors)
      .map((c) => c.id);
  }

  for (const orderBy of Object.values(ProjectOrder)) {
    it(`walks every page in ${orderBy} order exactly like the contract's comparator`, async () => {
      const expected = await expectedOrder(orderBy);
      for (const first of [1, 7, 50]) {
        const { ids, totalCount } = await walk(orderBy, first);
        expect(ids).toEqual(expected);
        expect(totalCount).toBe(expected.length);
      }
    });
  }

  it('neither skips nor repeats a row while rows are being inserted', async () => {
    const before = new Set(await expectedOrder(ProjectOrder.SIGNED_ON_DESC));
    const { ids } = await walk(ProjectOrder.SIGNED_ON_DESC, 6, undefined, async () => {
      await insert(3);
    });
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of before) expect(ids).toContain(id);
    const now = await expectedOrder(ProjectOrder.SIGNED_ON_DESC);
    expect(ids).toEqual(now.filter((id) => ids.includes(id)));
  });

  it('filters by stage, signing level, year, text and counties', async () => {
    const filter = {
      stages: ['SIGNED', 'OPERATING'],
      signingLevels: ['PREFECTURE'],
      cohortYears: [2017, 2018, 2019],
      text: 'solar',
      counties: ['江川区'],
    };
    const { ids, totalCount } = await walk(ProjectOrder.ID_ASC, 4, filter);
    const expected = await expectedOrder(
      ProjectOrder.ID_ASC,
      (p) =>
        ['SIGNED', 'OPERATING'].includes(p.stage) &&
        p.signingLevel === SigningLevel.PREFECTURE &&
        [2017, 2018, 2019].includes(p.cohortYear) &&
        p.name.toLowerCase().includes('solar') &&
        p.county === '江川区',
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(ids).toEqual(expected);
    expect(totalCount).toBe(expected.length);
  });

  it('answers nothing when the filter names only other prefectures', async () => {
    const result = await harness.execute(PAGE, { first: 10, orderBy: 'ID_ASC', filter: { prefectures: ['530100'] } });
    expect(result.data?.projects).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('refuses malformed cursors, cursors of another order and page sizes out of range', async () => {
    const foreign = encodeCursor({ order: ProjectOrder.ID_ASC, value: null, id: `${CODE}-2016-0001` });
    for (const [variables, field] of [
      [{ first: 5, after: 'not-a-cursor', orderBy: 'ID_ASC' }, 'after'],
      [{ first: 5, after: foreign, orderBy: 'SIGNED_ON_DESC' }, 'after'],
      [{ first: 0, orderBy: 'ID_ASC' }, 'first'],
      [{ first: 501, orderBy: 'ID_ASC' }, 'first'],
    ] as const) {
      const result = await harness.execute(PAGE, variables);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].extensions?.field).toBe(field);
    }
  });

  it('counts per stage and sums money exactly in projectStats', async () => {
    const all = await harness.orm.em.fork().find(Project, { signingLevel: SigningLevel.PROVINCIAL_MAJOR_EVENT });
    const result = await harness.execute(
      `query($f: ProjectFilter) { projectStats(filter: $f) {
      total signed byStage { negotiating signed preparing underConstruction operating terminated } agreedInvestment fundsInPlace } }`,
      { f: { signingLevels: ['PROVINCIAL_MAJOR_EVENT'] } },
    );
    const stats = result.data!.projectStats;
    const count = (stage: ProjectStage) => all.filter((p) => p.stage === stage).length;
    expect(stats.total).toBe(all.length);
    expect(stats.signed).toBe(all.length - count(ProjectStage.NEGOTIATING));
    expect(stats.byStage).toEqual({
      negotiating: count(ProjectStage.NEGOTIATING),
      signed: count(ProjectStage.SIGNED),
      preparing: count(ProjectStage.PREPARING),
      underConstruction: count(ProjectStage.UNDER_CONSTRUCTION),
      operating: count(ProjectStage.OPERATING),
      terminated: count(ProjectStage.TERMINATED),
    });
    const fen = all.reduce((sum, p) => sum + p.agreedInvestment, 0n);
    expect(stats.agreedInvestment).toBe(`${fen / 100n}.${String(fen % 100n).padStart(2, '0')}`);
  });

  it('resolves _entities in the order asked, with null and an error for another prefecture', async () => {
    const reps = [
      { __typename: 'Project', id: `${CODE}-2018-0002` },
      { __typename: 'Project', id: '530100-2018-0002' },
      { __typename: 'Project', id: `${CODE}-2017-0001` },
      { __typename: 'Project', id: `${CODE}-2016-9999` },
      { __typename: 'Prefecture', code: CODE },
    ];
    const result = await harness.execute(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Project { id stage } ... on Prefecture { code projectStats { total } } } }`,
      { reps },
    );
    const entities = result.data!._entities;
    expect(entities.map((e: any) => e?.id ?? e?.code ?? null)).toEqual([
      `${CODE}-2018-0002`,
      null,
      `${CODE}-2017-0001`,
      null,
      CODE,
    ]);
    expect(entities[4].projectStats.total).toBeGreaterThanOrEqual(90);
    expect(errorCodes(result)).toEqual(['WRONG_PREFECTURE']);
    expect(result.errors![0].path).toEqual(['_entities', 1]);
  });

  it('publishes its SDL with routing directives through _service', async () => {
    const result = await harness.execute('{ _service { sdl } }');
    expect(result.data?._service.sdl).toContain('@route(fanOut: CONNECTION, filter: "filter.prefectures")');
    expect(result.data?._service.sdl).toContain('type Project');
  });
});
