import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, officerOf, VIEWER } from '../../../bench/support/hub-tokens.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../../bench/support/prefecture-harness.js';
import {
  CHANGE_STAGE,
  CREATE_PROJECT,
  createProject,
  errorCodes,
  projectInput,
  storedProject,
  tableCounts,
  UPDATE_PROJECT,
} from '../../../bench/support/project-fixtures.js';
import { DIALECTS } from '../../../bench/support/test-databases.js';

describe.each(DIALECTS)('prefecture subgraph writes on %s', (dialect) => {
  let harness: PrefectureHarness;
  beforeAll(async () => {
    harness = await startPrefectureHarness(dialect, '530300');
  });
  afterAll(() => harness?.close());

  it('creates a project whose id starts with its prefecture code and records who created it', async () => {
    const project = await createProject(harness);
    expect(project.id).toMatch(/^530300-2018-\d{4}$/);
    expect(project).toMatchObject({
      stage: 'SIGNED',
      version: 1,
      cohortYear: 2018,
      agreedInvestment: '1200000000.00',
      fundsInPlace: '0.00',
    });
    const history = await harness.execute(
      `query($id: ID!) { project(id: $id) { history { kind toStage actorSubject actorRole } } }`,
      { id: project.id },
    );
    expect(history.data?.project.history).toEqual([
      { kind: 'CREATED', toStage: 'SIGNED', actorSubject: 'officer-530300', actorRole: 'officer@530300' },
    ]);
  });

  it('gives consecutive generated ids per cohort year', async () => {
    const a = await createProject(harness, { signedOn: '2019-03-01' });
    const b = await createProject(harness, { signedOn: '2019-04-01' });
    expect(Number(b.id.slice(-4))).toBe(Number(a.id.slice(-4)) + 1);
  });

  it('refuses to create a project of another prefecture and writes nothing', async () => {
    const before = await tableCounts(harness);
    const byCode = await harness.execute(CREATE_PROJECT, { input: projectInput('530100') });
    expect(errorCodes(byCode)).toEqual(['WRONG_PREFECTURE']);
    const byId = await harness.execute(CREATE_PROJECT, { input: projectInput('530300', { id: '530100-2018-0001' }) });
    expect(errorCodes(byId)).toEqual(['WRONG_PREFECTURE']);
    expect(await tableCounts(harness)).toEqual(before);
  });

  const badInputs: [string, Record<string, unknown>, string][] = [
    ['an empty name', { name: '   ' }, 'input.name'],
    ['a malformed national project code', { nationalCode: '2019-5301-44' }, 'input.nationalCode'],
    ['a malformed credit code', { investorCreditCode: 'ABC' }, 'input.investorCreditCode'],
    ['a negative agreed investment', { agreedInvestment: '-5.00' }, 'input.agreedInvestment'],
    ['a signing date in the future', { signedOn: '2099-01-01' }, 'input.signedOn'],
    [
      'production before construction start',
      { stage: 'OPERATING', actualStartOn: '2019-05-01', actualProductionOn: '2019-01-01' },
      'input.actualProductionOn',
    ],
    ['a negotiating project with a signing date', { stage: 'NEGOTIATING' }, 'input.signedOn'],
    ['a started project without a signing date', { stage: 'UNDER_CONSTRUCTION', signedOn: null }, 'input.signedOn'],
    ['a cohort year other than the signing year', { cohortYear: 2017 }, 'input.cohortYear'],
    ['a project created terminated', { stage: 'TERMINATED' }, 'input.stage'],
    ['a malformed id', { id: '530300-18-1' }, 'input.id'],
  ];
  it.each(badInputs)(
    'refuses %s with BAD_USER_INPUT naming the field, writing nothing',
    async (_what, overrides, field) => {
      const before = await tableCounts(harness);
      const result = await harness.execute(CREATE_PROJECT, { input: projectInput('530300', overrides) });
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].message).toContain(field);
      expect(await tableCounts(harness)).toEqual(before);
    },
  );

  const badTexts: [string, string][] = [
    ['a NUL byte', 'Lake\u0000Dianchi'],
    ['a lone surrogate', 'Lake \uD800 Dianchi'],
    ['only zero-width characters', '\u200B\u200C\u2060\uFEFF'],
  ];
  it.each(badTexts)('refuses a name with %s as BAD_USER_INPUT naming the field', async (_what, name) => {
    const before = await tableCounts(harness);
    const result = await harness.execute(CREATE_PROJECT, { input: projectInput('530300', { name }) });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].extensions?.field).toMatch(/\.name$/);
    expect(await tableCounts(harness)).toEqual(before);
  });

  it('refuses a NUL byte or a lone surrogate in a text filter as BAD_USER_INPUT, not an internal error', async () => {
    for (const text of ['a\u0000b', '\uDC00']) {
      const query = 'query($f: ProjectFilter) { projectStats(filter: $f) { total } }';
      const result = await harness.execute(query, { f: { text } }, VIEWER);
      expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0].extensions?.field).toBe('projectStats.filter.text');
    }
  });

  it('refuses money with more than two decimals before any resolver runs', async () => {
    const before = await tableCounts(harness);
    const result = await harness.execute(CREATE_PROJECT, {
      input: projectInput('530300', { agreedInvestment: '1.005' }),
    });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toMatch(/at most two decimals/);
    expect(await tableCounts(harness)).toEqual(before);
  });

  it('updates only the fields sent, bumps the version and records the changes', async () => {
    const project = await createProject(harness);
    const result = await harness.execute(UPDATE_PROJECT, {
      input: { id: project.id, version: 1, agreedInvestment: '1500000000.50', county: '沾益区' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateProject).toMatchObject({
      version: 2,
      agreedInvestment: '1500000000.50',
      county: '沾益区',
      name: project.name,
    });
    const history = await harness.execute(`query($id: ID!) { project(id: $id) { history { kind changes } } }`, {
      id: project.id,
    });
    const update = history.data?.project.history[1];
    expect(update.kind).toBe('UPDATED');
    expect(JSON.parse(update.changes)).toEqual({
      agreedInvestment: ['120000000000', '150000000050'],
      county: ['陆良县', '沾益区'],
    });
  });

  it('rejects a stale version with VERSION_CONFLICT and keeps the stored row', async () => {
    const project = await createProject(harness);
    await harness.execute(UPDATE_PROJECT, { input: { id: project.id, version: 1, county: '富源县' } });
    const before = await storedProject(harness, project.id);
    const stale = await harness.execute(UPDATE_PROJECT, { input: { id: project.id, version: 1, county: '罗平县' } });
    expect(errorCodes(stale)).toEqual(['VERSION_CONFLICT']);
    expect(await storedProject(harness, project.id)).toEqual(before);
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const project = await createProject(harness);
    const [a, b] = await Promise.all([
      harness.execute(UPDATE_PROJECT, { input: { id: project.id, version: 1, county: '麒麟区' } }),
      harness.execute(UPDATE_PROJECT, { input: { id: project.id, version: 1, county: '宣威市' } }),
    ]);
    const winners = [a, b].filter((r) => !r.errors);
    const losers = [a, b].filter((r) => r.errors);
    expect(winners).toHaveLength(1);
    expect(losers.map(errorCodes)).toEqual([['VERSION_CONFLICT']]);
    const stored = await storedProject(harness, project.id);
    expect(stored.county).toBe(winners[0].data?.updateProject.county);
    expect(Number(stored.version)).toBe(2);
  });

  it('refuses to clear a required field', async () => {
    const project = await createProject(harness);
    const result = await harness.execute(UPDATE_PROJECT, { input: { id: project.id, version: 1, investorName: null } });
    expect(errorCodes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toContain('input.investorName');
  });

  it('moves forward with skips, filling the milestones of the stages reached', async () => {
    const project = await createProject(harness);
    const result = await harness.execute(CHANGE_STAGE, {
      input: { projectId: project.id, version: 1, stage: 'PARTIALLY_PRODUCING', effectiveOn: '2020-05-01' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.changeProjectStage).toMatchObject({
      stage: 'PARTIALLY_PRODUCING',
      version: 2,
      actualStartOn: '2020-05-01',
      actualProductionOn: '2020-05-01',
      actualCapacityOn: null,
    });
  });

  it('moves back only with a reason, and never out of TERMINATED', async () => {
    const project = await createProject(harness, { stage: 'UNDER_CONSTRUCTION', actualStartOn: '2018-10-01' });
    const noReason = await harness.execute(CHANGE_STAGE, {
      input: { projectId: project.id, version: 1, stage: 'PREPARING' },
    });
    expect(errorCodes(noReason)).toEqual(['BAD_USER_INPUT']);
    const invisibleReason = { projectId: project.id, version: 1, stage: 'PREPARING', reason: '\u200B\u200D' };
    const invisible = await harness.execute(CHANGE_STAGE, { input: invisibleReason });
    expect(errorCodes(invisible)).toEqual(['BAD_USER_INPUT']);
    const back = await harness.execute(CHANGE_STAGE, {
      input: { projectId: project.id, version: 1, stage: 'PREPARING', reason: '林地指标未落实，停工' },
    });
    expect(back.data?.changeProjectStage.stage).toBe('PREPARING');
    const end = await harness.execute(CHANGE_STAGE, {
      input: { projectId: project.id, version: 2, stage: 'TERMINATED', reason: '投资方撤资' },
    });
    expect(end.data?.changeProjectStage.stage).toBe('TERMINATED');
    const revive = await harness.execute(CHANGE_STAGE, {
      input: { projectId: project.id, version: 3, stage: 'SIGNED', reason: '重新签约' },
    });
    expect(errorCodes(revive)).toEqual(['BAD_USER_INPUT']);
    const history = await harness.execute(
      `query($id: ID!) { project(id: $id) { history { kind fromStage toStage reason } } }`,
      { id: project.id },
    );
    expect(history.data?.project.history.slice(1)).toEqual([
      { kind: 'STAGE_CHANGED', fromStage: 'UNDER_CONSTRUCTION', toStage: 'PREPARING', reason: '林地指标未落实，停工' },
      { kind: 'STAGE_CHANGED', fromStage: 'PREPARING', toStage: 'TERMINATED', reason: '投资方撤资' },
    ]);
  });

  it('signing a negotiating project sets its signing date and moves it to that cohort year', async () => {
    const project = await createProject(harness, { stage: 'NEGOTIATING', signedOn: null, cohortYear: 2018 });
    const signed = await harness.execute(CHANGE_STAGE, {
      input: { projectId: project.id, version: 1, stage: 'SIGNED', effectiveOn: '2019-02-03' },
    });
    expect(signed.data?.changeProjectStage).toMatchObject({
      stage: 'SIGNED',
      signedOn: '2019-02-03',
      cohortYear: 2019,
    });
  });

  it('lets only officers of this prefecture and admins write', async () => {
    const before = await tableCounts(harness);
    const other = await harness.execute(CREATE_PROJECT, { input: projectInput('530300') }, officerOf('530100'));
    const viewer = await harness.execute(CREATE_PROJECT, { input: projectInput('530300') }, VIEWER);
    expect(errorCodes(other)).toEqual(['FORBIDDEN']);
    expect(errorCodes(viewer)).toEqual(['FORBIDDEN']);
    expect(await tableCounts(harness)).toEqual(before);
    const admin = await harness.execute(CREATE_PROJECT, { input: projectInput('530300') }, ADMIN);
    expect(admin.errors).toBeUndefined();
  });
});
