import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIEWER } from '../../../bench/support/hub-tokens.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../../bench/support/prefecture-harness.js';
import { createProject, errorCodes, tableCounts } from '../../../bench/support/project-fixtures.js';
import { DIALECTS } from '../../../bench/support/test-databases.js';

const REPORT = `mutation($input: ReportProgressInput!) { reportProgress(input: $input) { id period stage narrative fundsThisPeriod submittedBy } }`;
const FUND = `mutation($input: RecordFundingInput!) { recordFunding(input: $input) { id amount receivedOn recordedBy } }`;
const RAISE = `mutation($input: RaiseObstacleInput!) { raiseObstacle(input: $input) { id category raisedOn resolvedOn escalationLevel } }`;
const RESOLVE = `mutation($input: ResolveObstacleInput!) { resolveObstacle(input: $input) { id resolvedOn resolution } }`;
const SUPERVISE = `mutation($input: RecordSupervisionInput!) { recordSupervision(input: $input) { id kind method deadline } }`;
const DETAIL = `query($id: ID!) { project(id: $id) {
  stage version fundsInPlace
  progressReports { period stage } fundingRecords { amount } obstacles { id resolvedOn } open: obstacles(openOnly: true) { id }
  supervisionRecords { kind findings } history { kind actorSubject }
} }`;

describe.each(DIALECTS)('prefecture subgraph records on %s', (dialect) => {
  let harness: PrefectureHarness;
  beforeAll(async () => {
    harness = await startPrefectureHarness(dialect, '532900');
  });
  afterAll(() => harness?.close());

  it('files one progress report per month and can move the stage with it', async () => {
    const project = await createProject(harness, { stage: 'PREPARING' });
    const input = {
      projectId: project.id,
      period: '2019-03',
      narrative: '完成环评批复',
      stage: 'UNDER_CONSTRUCTION',
      fundsThisPeriod: '5000000',
    };
    const first = await harness.execute(REPORT, { input });
    expect(first.data?.reportProgress).toMatchObject({
      period: '2019-03',
      stage: 'UNDER_CONSTRUCTION',
      fundsThisPeriod: '5000000.00',
      submittedBy: 'officer-532900',
    });
    const before = await tableCounts(harness);
    const again = await harness.execute(REPORT, { input: { ...input, narrative: '重复' } });
    expect(errorCodes(again)).toEqual(['BAD_USER_INPUT']);
    expect(again.errors![0].message).toContain('input.period');
    expect(await tableCounts(harness)).toEqual(before);
    const detail = await harness.execute(DETAIL, { id: project.id });
    expect(detail.data?.project).toMatchObject({
      stage: 'UNDER_CONSTRUCTION',
      version: 2,
      progressReports: [{ period: '2019-03', stage: 'UNDER_CONSTRUCTION' }],
    });
  });

  it('tells the newest report month of each project in one batch', async () => {
    const a = await createProject(harness);
    const b = await createProject(harness);
    for (const period of ['2019-05', '2019-07', '2019-06']) {
      const filed = await harness.execute(REPORT, { input: { projectId: a.id, period, narrative: `月报 ${period}` } });
      expect(filed.errors).toBeUndefined();
    }
    const result = await harness.execute(
      `query($a: ID!, $b: ID!) { a: project(id: $a) { latestReportPeriod } b: project(id: $b) { latestReportPeriod } }`,
      { a: a.id, b: b.id },
    );
    expect(result.data).toEqual({ a: { latestReportPeriod: '2019-07' }, b: { latestReportPeriod: null } });
  });

  it('refuses a report whose stage moves back without a reason, writing nothing', async () => {
    const project = await createProject(harness, { stage: 'UNDER_CONSTRUCTION', actualStartOn: '2018-12-01' });
    const before = await tableCounts(harness);
    const result = await harness.execute(REPORT, {
      input: { projectId: project.id, period: '2019-04', narrative: '停工', stage: 'PREPARING' },
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(await tableCounts(harness)).toEqual(before);
  });

  it('sums funding records exactly, beyond float precision', async () => {
    const project = await createProject(harness);
    for (const amount of ['0.10', '0.20', '12345678901234.45']) {
      const result = await harness.execute(FUND, {
        input: { projectId: project.id, receivedOn: '2019-01-10', amount },
      });
      expect(result.errors).toBeUndefined();
    }
    const detail = await harness.execute(DETAIL, { id: project.id });
    expect(detail.data?.project.fundsInPlace).toBe('12345678901234.75');
    expect(detail.data?.project.version).toBe(1);
  });

  it('counts every one of many concurrent funding records', async () => {
    const project = await createProject(harness);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        harness.execute(FUND, { input: { projectId: project.id, receivedOn: '2019-02-01', amount: `${i + 1}.01` } }),
      ),
    );
    expect(results.flatMap((r) => r.errors ?? [])).toEqual([]);
    const detail = await harness.execute(DETAIL, { id: project.id });
    expect(detail.data?.project.fundsInPlace).toBe('78.12'); // 1+…+12 = 78, plus 12 × 0.01
    expect(detail.data?.project.fundingRecords).toHaveLength(12);
  });

  it('refuses non-positive amounts and money received before signing', async () => {
    const project = await createProject(harness);
    const before = await tableCounts(harness);
    const zero = await harness.execute(FUND, {
      input: { projectId: project.id, receivedOn: '2019-01-10', amount: '0' },
    });
    const early = await harness.execute(FUND, {
      input: { projectId: project.id, receivedOn: '2018-01-10', amount: '10' },
    });
    expect(zero.errors![0].message).toContain('input.amount');
    expect(early.errors![0].message).toContain('input.receivedOn');
    expect(await tableCounts(harness)).toEqual(before);
  });

  it('raises and resolves obstacles, and refuses resolving one twice', async () => {
    const project = await createProject(harness);
    const raised = await harness.execute(RAISE, {
      input: {
        projectId: project.id,
        category: 'FOREST_LAND_QUOTA',
        description: '林地指标不足 120 亩',
        raisedOn: '2019-01-05',
        escalationLevel: 'PROVINCE',
      },
    });
    const obstacle = raised.data?.raiseObstacle;
    expect(obstacle).toMatchObject({ category: 'FOREST_LAND_QUOTA', resolvedOn: null, escalationLevel: 'PROVINCE' });
    const early = await harness.execute(RESOLVE, {
      input: { projectId: project.id, obstacleId: obstacle.id, resolvedOn: '2019-01-01', resolution: '已调剂' },
    });
    expect(early.errors![0].message).toContain('input.resolvedOn');
    const resolved = await harness.execute(RESOLVE, {
      input: {
        projectId: project.id,
        obstacleId: obstacle.id,
        resolvedOn: '2019-03-01',
        resolution: '省林草局调剂指标',
      },
    });
    expect(resolved.data?.resolveObstacle.resolvedOn).toBe('2019-03-01');
    const twice = await harness.execute(RESOLVE, {
      input: { projectId: project.id, obstacleId: obstacle.id, resolvedOn: '2019-03-02', resolution: '再次' },
    });
    expect(errorCodes(twice)).toEqual(['BAD_USER_INPUT']);
    const other = await harness.execute(RESOLVE, {
      input: { projectId: project.id, obstacleId: '999999', resolvedOn: '2019-03-02', resolution: 'x' },
    });
    expect(errorCodes(other)).toEqual(['NOT_FOUND']);
    await harness.execute(RAISE, {
      input: { projectId: project.id, category: 'FINANCING', description: '融资未到位', raisedOn: '2019-02-01' },
    });
    const detail = await harness.execute(DETAIL, { id: project.id });
    expect(detail.data?.project.obstacles).toHaveLength(2);
    expect(detail.data?.project.open).toHaveLength(1);
  });

  it('records supervision and refuses a deadline before the visit', async () => {
    const project = await createProject(harness);
    const input = {
      projectId: project.id,
      kind: 'SPECIAL',
      method: 'SITE_VISIT',
      supervisingUnit: '省投资促进局',
      supervisedOn: '2019-05-10',
      findings: '土地未交付',
      deadline: '2019-06-30',
    };
    const ok = await harness.execute(SUPERVISE, { input });
    expect(ok.data?.recordSupervision).toMatchObject({ kind: 'SPECIAL', method: 'SITE_VISIT', deadline: '2019-06-30' });
    const bad = await harness.execute(SUPERVISE, { input: { ...input, deadline: '2019-05-01' } });
    expect(bad.errors![0].message).toContain('input.deadline');
  });

  it('keeps the whole history with who did what, and viewers may read but not write', async () => {
    const project = await createProject(harness);
    await harness.execute(FUND, { input: { projectId: project.id, receivedOn: '2019-01-10', amount: '100' } });
    const denied = await harness.execute(
      FUND,
      { input: { projectId: project.id, receivedOn: '2019-01-11', amount: '100' } },
      VIEWER,
    );
    expect(errorCodes(denied)).toEqual(['FORBIDDEN']);
    const detail = await harness.execute(DETAIL, { id: project.id }, VIEWER);
    expect(detail.data?.project.history).toEqual([
      { kind: 'CREATED', actorSubject: 'officer-532900' },
      { kind: 'FUNDING_RECORDED', actorSubject: 'officer-532900' },
    ]);
  });

  it('refuses records for projects of other prefectures or that do not exist', async () => {
    const foreign = await harness.execute(FUND, {
      input: { projectId: '530100-2018-0001', receivedOn: '2019-01-10', amount: '1' },
    });
    expect(errorCodes(foreign)).toEqual(['WRONG_PREFECTURE']);
    const missing = await harness.execute(FUND, {
      input: { projectId: '532900-2018-9999', receivedOn: '2019-01-10', amount: '1' },
    });
    expect(errorCodes(missing)).toEqual(['NOT_FOUND']);
  });
});
