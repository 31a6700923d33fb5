import { getNamedType, isLeafType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../../schema/contract/cursor.js';
import { formatFen } from '../../../schema/contract/money.js';
import { ProjectOrder } from '../../../schema/contract/project-order.js';
import { Project } from '../../../subgraphs/prefecture/entities/index.js';
import { missingMilestones } from '../../../subgraphs/prefecture/domain/implied-milestones.js';
import { buildPrefectureSchema } from '../../../subgraphs/prefecture/graphql/build-prefecture-schema.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../../bench/support/prefecture-harness.js';
import { syntheticProject } from '../../support/synthetic-projects.js';
import { DIALECTS } from '../../../bench/support/test-databases.js';

const CODE = '530500';

/** Money beyond 2^53 fen, where a JS number would round: every money column carries one. */
const HUGE = {
  agreedInvestment: 2n ** 62n + 7n,
  fundsInPlace: 2n ** 53n + 1n,
  investmentCompleted: 9_007_199_254_740_993n,
};

/** A project with every column filled, so each value conversion is exercised. */
const FULL: Partial<Project> = {
  ...syntheticProject(CODE, 1),
  ...HUGE,
  nationalCode: '2018-530500-44-01-000001',
  ledgerNumber: '保山-2018-001',
  eventName: '第6届南博会',
  agreementType: 'FORMAL' as Project['agreementType'],
  signingUnit: '保山市人民政府',
  industryDepartment: '保山市工业和信息化局',
  leadOfficial: '李明（副市长）',
  promotionPlan: '一个推进方案',
  supportingPolicy: '一项支持政策',
  promotionTeam: '一个推进专班',
  investorCreditCode: '914401010000000001',
  investorOrigin: '广东',
  plannedRegistrationOn: '2018-07-01',
  actualRegistrationOn: '2018-07-20',
  plannedLandSupplyOn: '2018-08-01',
  actualLandSupplyOn: '2018-08-15',
  plannedStartOn: '2018-09-01',
  actualStartOn: '2018-10-01',
  plannedProductionOn: '2019-09-01',
  actualProductionOn: '2019-12-01',
  plannedCapacityOn: '2020-09-01',
  actualCapacityOn: '2020-12-31',
  stageChangedAt: new Date(Date.UTC(2020, 11, 31, 8, 30, 15, 123)),
  createdAt: new Date(Date.UTC(2018, 5, 15, 2, 0, 0, 1)),
  updatedAt: new Date(Date.UTC(2021, 2, 3, 4, 5, 6, 789)),
};

/** What the API must answer for a field of a stored project. */
function expectedValue(value: unknown): unknown {
  if (typeof value === 'bigint') return formatFen(value);
  if (value instanceof Date) return value.toISOString();
  return value ?? null;
}

describe.each(DIALECTS)('project values read on %s', (dialect) => {
  let harness: PrefectureHarness;
  let leafFields: string[];
  const stored: Partial<Project>[] = [FULL, ...Array.from({ length: 11 }, (_, i) => syntheticProject(CODE, i + 2))];
  // missingMilestones is the one leaf computed rather than stored.
  const expected = (row: Partial<Project>) =>
    Object.fromEntries(
      leafFields.map((field) => [
        field,
        field === 'missingMilestones' ? missingMilestones(row) : expectedValue(row[field as keyof Project]),
      ]),
    );

  beforeAll(async () => {
    harness = await startPrefectureHarness(dialect, CODE);
    await harness.orm.em.fork().insertMany(Project, stored);
    const projectType = (await buildPrefectureSchema()).getType('Project') as GraphQLObjectType;
    leafFields = Object.values(projectType.getFields())
      .filter((field) => field.args.length === 0 && isLeafType(getNamedType(field.type)))
      .map((field) => field.name);
  });
  afterAll(() => harness?.close());

  it('answers every field of every node on a page as stored, money beyond 2^53 exactly', async () => {
    expect(leafFields).toEqual(
      expect.arrayContaining(['agreedInvestment', 'signedOn', 'updatedAt', 'promotionTeam', 'version']),
    );
    const result = await harness.execute(
      `{ projects(first: 50, orderBy: ID_ASC) { edges { node { ${leafFields.join(' ')} } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.projects.edges.map((edge: any) => edge.node);
    expect(nodes).toEqual([...stored].sort((a, b) => (a.id! < b.id! ? -1 : 1)).map(expected));
    expect(nodes.find((node: any) => node.id === FULL.id).agreedInvestment).toBe('46116860184273879.11');
  });

  it('answers project(id) and _entities as stored', async () => {
    const fields = leafFields.join(' ');
    const one = await harness.execute(`query($id: ID!) { project(id: $id) { ${fields} } }`, { id: FULL.id });
    expect(one.errors).toBeUndefined();
    expect(one.data!.project).toEqual(expected(FULL));
    const entities = await harness.execute(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Project { ${fields} } } }`,
      {
        reps: [{ __typename: 'Project', id: FULL.id }],
      },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([expected(FULL)]);
  });

  it('reads the fields asked for through aliases, fragments and type conditions, and keeps cursors and related records', async () => {
    const result = await harness.execute(`
      query { projects(first: 3, orderBy: AGREED_INVESTMENT_DESC) {
        pageInfo { endCursor }
        edges { cursor node { ...Money ... on Project { signed: signedOn } prefecture { code } history { kind } } }
        more: edges { node { investorName @include(if: false) county @skip(if: false) } }
      } }
      fragment Money on Project { agreedInvestment ... on Project { fundsInPlace } }`);
    expect(result.errors).toBeUndefined();
    const page = result.data!.projects;
    expect(page.edges[0].node).toEqual({
      agreedInvestment: expectedValue(FULL.agreedInvestment),
      fundsInPlace: expectedValue(FULL.fundsInPlace),
      signed: FULL.signedOn,
      prefecture: { code: CODE },
      history: [],
    });
    expect(page.more[0].node).toEqual({ county: FULL.county });
    // The sort value travels in the cursor although the page did not ask for it, exactly.
    expect(decodeCursor(page.edges[0].cursor, ProjectOrder.AGREED_INVESTMENT_DESC)).toEqual({
      order: ProjectOrder.AGREED_INVESTMENT_DESC,
      value: String(HUGE.agreedInvestment),
      id: FULL.id,
    });
    const next = await harness.execute(
      `query($after: String) { projects(first: 50, orderBy: AGREED_INVESTMENT_DESC, after: $after) { edges { node { id } } } }`,
      {
        after: page.edges[0].cursor,
      },
    );
    expect(next.data!.projects.edges.map((edge: any) => edge.node.id)).not.toContain(FULL.id);
    expect(next.data!.projects.edges).toHaveLength(stored.length - 1);
  });

  it('reads the fields a fragment on the connection selects', async () => {
    const result = await harness.execute(`
      query { projects(first: 1, orderBy: ID_ASC) { ...Page } }
      fragment Page on ProjectConnection { edges { ... on ProjectEdge { node { name investorCreditCode } } } }`);
    expect(result.errors).toBeUndefined();
    const first = [...stored].sort((a, b) => (a.id! < b.id! ? -1 : 1))[0];
    expect(result.data!.projects.edges[0].node).toEqual({
      name: first.name,
      investorCreditCode: first.investorCreditCode ?? null,
    });
  });
});
