import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYST, officerOf, VIEWER } from '../../bench/support/hub-tokens.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { requestRun, waitForRun, type RunStatus } from '../support/metrics-runs.js';
import type { GraphQLResult } from '../../bench/support/prefecture-harness.js';

/** The first run's date, and the second's after data and thresholds changed. */
const D1 = '2026-10-30';
const D2 = '2026-10-31';
const TIGHT_NO_STAGE_CHANGE_DAYS = 30;
/** NO_STAGE_CHANGE judges projects signed but not producing yet (stall-rules.ts). */
const PRE_PRODUCTION = new Set(['SIGNED', 'PREPARING', 'UNDER_CONSTRUCTION']);

interface Flag {
  projectId: string;
  prefectureCode: string;
  rule: string;
  severity: string;
  since: string;
  evidence: string;
  isNew: boolean;
  asOf: string;
}
interface Change {
  projectId: string;
  prefectureCode: string;
  rule: string;
  change: string;
  severity: string;
}

const FLAGS = `query($asOf: LocalDate, $after: String, $filter: StallFilterInput) {
  stalledProjects(asOf: $asOf, first: 500, after: $after, filter: $filter) {
    totalCount endCursor items { asOf projectId prefectureCode rule severity since evidence isNew } } }`;
const CHANGES = `query($asOf: LocalDate) { stallChanges(asOf: $asOf) { projectId prefectureCode rule change severity } }`;
const RULES = '{ stallRules { thresholds landingDefinition } }';
const UPDATE = `mutation($thresholds: String!) { updateStallThresholds(thresholds: $thresholds) { thresholds } }`;

/** Identity of a flag as the diff sees it: project + rule (+ obstacle for OBSTACLE_OPEN). */
const identity = (flag: Flag) =>
  `${flag.projectId}|${flag.rule}|${flag.rule === 'OBSTACLE_OPEN' ? JSON.parse(flag.evidence).obstacleId : ''}`;
const changeKey = (c: { projectId: string; rule: string; change: string; severity: string }) =>
  `${c.projectId}|${c.rule}|${c.change}|${c.severity}`;

const shanghaiDate = (instant: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('stall flags that appear and clear between runs', () => {
  let harness: MetricsHubHarness;
  let flags1: Flag[];
  let run2: RunStatus;
  let flags2: Flag[];
  let changes2: Change[];
  let resolved: { projectId: string; obstacleId: string };
  let moved: { projectId: string; from: string; to: string };

  beforeAll(async () => {
    harness = await startMetricsHub();
    harness.startWorkers();
  }, 120_000);
  afterAll(() => harness?.close());

  async function allFlags(
    asOf: string | null,
    filter?: Record<string, unknown>,
  ): Promise<{ items: Flag[]; totalCount: number }> {
    const items: Flag[] = [];
    let after: string | null = null;
    let totalCount: number;
    do {
      const result: GraphQLResult = await harness.hub.query(FLAGS, { asOf, after, filter }, VIEWER);
      expect(result.errors).toBeUndefined();
      const page: { items: Flag[]; totalCount: number; endCursor: string | null } = result.data!.stalledProjects;
      items.push(...page.items);
      totalCount = page.totalCount;
      after = page.endCursor;
    } while (after);
    return { items, totalCount };
  }
  async function changesOn(asOf: string): Promise<Change[]> {
    const result = await harness.hub.query(CHANGES, { asOf }, VIEWER);
    expect(result.errors).toBeUndefined();
    return result.data!.stallChanges;
  }
  const thresholdsInForce = async () =>
    JSON.parse((await harness.hub.query(RULES, {}, VIEWER)).data!.stallRules.thresholds);

  it('runs the first date: every flag is new and the run counts them', async () => {
    const run1 = await waitForRun(harness, await requestRun(harness, D1));
    expect(run1.state).toBe('COMPLETED');
    flags1 = (await allFlags(D1)).items;
    expect(flags1.length).toBeGreaterThan(0);
    expect(flags1.every((flag) => flag.isNew)).toBe(true);
    expect(run1).toMatchObject({ newFlags: flags1.length, clearedFlags: 0 });
    const changes1 = await changesOn(D1);
    expect(changes1.every((c) => c.change === 'NEW')).toBe(true);
    expect(changes1).toHaveLength(flags1.length);
  });

  it('refuses invalid thresholds with BAD_USER_INPUT naming the setting, changing nothing', async () => {
    const before = await thresholdsInForce();
    const cases: [string, string][] = [
      ['{"noStageChange":{"afterDays":-5}}', 'thresholds.noStageChange.afterDays'],
      ['{"noStageChange":{"afterDays":"thirty"}}', 'thresholds.noStageChange.afterDays'],
      ['{"obstacleOpen":{"redAfterDays":30}}', 'thresholds.obstacleOpen.redAfterDays'],
      ['{"lowFunds":{"minPercent":12.345}}', 'thresholds.lowFunds.minPercent'],
      ['{"missingReport":{"dueDay":31}}', 'thresholds.missingReport.dueDay'],
      ['{"noStageChang":{"afterDays":30}}', 'thresholds.noStageChang'],
      // A valid change next to an invalid one is not applied either.
      [
        '{"noStageChange":{"afterDays":10},"startOverdue":{"yellowAfterMonths":5,"redAfterMonths":2}}',
        'thresholds.startOverdue.redAfterMonths',
      ],
      ['not json', 'thresholds'],
      ['[1,2]', 'thresholds'],
    ];
    for (const [thresholds, field] of cases) {
      const result = await harness.hub.query(UPDATE, { thresholds }, ANALYST);
      expect(result.errors?.[0], thresholds).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
      expect(result.data ?? null, thresholds).toBeNull();
    }
    const viewer = await harness.hub.query(UPDATE, { thresholds: '{"noStageChange":{"afterDays":30}}' }, VIEWER);
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await thresholdsInForce()).toEqual(before);
  });

  it('lets an analyst tighten one threshold, leaving the others as they were', async () => {
    const before = await thresholdsInForce();
    const result = await harness.hub.query(
      UPDATE,
      { thresholds: JSON.stringify({ noStageChange: { afterDays: TIGHT_NO_STAGE_CHANGE_DAYS } }) },
      ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const expected = { ...before, noStageChange: { ...before.noStageChange, afterDays: TIGHT_NO_STAGE_CHANGE_DAYS } };
    expect(JSON.parse(result.data!.updateStallThresholds.thresholds)).toEqual(expected);
    expect(await thresholdsInForce()).toEqual(expected);
  });

  it('changes data in the shards: an obstacle resolved, a stage moved (officers, through the gateway)', async () => {
    const obstacleFlag = flags1.find((flag) => flag.rule === 'OBSTACLE_OPEN')!;
    expect(obstacleFlag, 'an OBSTACLE_OPEN flag on the first date').toBeDefined();
    resolved = { projectId: obstacleFlag.projectId, obstacleId: JSON.parse(obstacleFlag.evidence).obstacleId };
    const resolve = await harness.hub.query(
      `mutation($input: ResolveObstacleInput!) { resolveObstacle(input: $input) { id resolvedOn } }`,
      { input: { ...resolved, resolvedOn: D2, resolution: 'land quota granted' } },
      officerOf(obstacleFlag.prefectureCode),
    );
    expect(resolve.errors).toBeUndefined();
    expect(resolve.data!.resolveObstacle).toEqual({ id: resolved.obstacleId, resolvedOn: D2 });

    // A project flagged for not moving, in a stage that can move forward by one.
    const stuck = flags1.find(
      (flag) => flag.rule === 'NO_STAGE_CHANGE' && ['SIGNED', 'PREPARING'].includes(JSON.parse(flag.evidence).stage),
    )!;
    expect(stuck, 'a NO_STAGE_CHANGE flag of a SIGNED or PREPARING project on the first date').toBeDefined();
    const project = (
      await harness.hub.query(
        `query($id: ID!) { project(id: $id) { id stage version } }`,
        { id: stuck.projectId },
        VIEWER,
      )
    ).data!.project;
    const to = project.stage === 'SIGNED' ? 'PREPARING' : 'UNDER_CONSTRUCTION';
    const change = await harness.hub.query(
      `mutation($input: ChangeProjectStageInput!) { changeProjectStage(input: $input) { id stage } }`,
      { input: { projectId: stuck.projectId, version: project.version, stage: to, effectiveOn: D2 } },
      officerOf(stuck.prefectureCode),
    );
    expect(change.errors).toBeUndefined();
    expect(change.data!.changeProjectStage).toEqual({ id: stuck.projectId, stage: to });
    moved = { projectId: stuck.projectId, from: project.stage, to };
  });

  it('runs the second date: stallChanges lists exactly what appeared and what cleared since the first', async () => {
    run2 = await waitForRun(harness, await requestRun(harness, D2));
    expect(run2.state).toBe('COMPLETED');
    flags2 = (await allFlags(D2)).items;
    changes2 = await changesOn(D2);

    // The oracle: the two dates' flag lists as served, compared by identity and severity.
    const before = new Map(flags1.map((flag) => [identity(flag), flag]));
    const after = new Map(flags2.map((flag) => [identity(flag), flag]));
    const expectedChanges = [
      ...flags2
        .filter((flag) => before.get(identity(flag))?.severity !== flag.severity)
        .map((flag) => ({ ...flag, change: 'NEW' })),
      ...flags1.filter((flag) => !after.has(identity(flag))).map((flag) => ({ ...flag, change: 'CLEARED' })),
    ];
    expect(changes2.map(changeKey).sort()).toEqual(expectedChanges.map(changeKey).sort());
    expect(changes2.some((c) => c.change === 'NEW')).toBe(true);
    expect(changes2.some((c) => c.change === 'CLEARED')).toBe(true);
  });

  it('clears the resolved obstacle’s flag and the moved project’s NO_STAGE_CHANGE flag', () => {
    expect(changes2).toContainEqual(
      expect.objectContaining({ projectId: resolved.projectId, rule: 'OBSTACLE_OPEN', change: 'CLEARED' }),
    );
    // Obstacle ids are a shard's own: the project tells them apart.
    expect(
      flags2.filter(
        (flag) =>
          flag.projectId === resolved.projectId &&
          flag.rule === 'OBSTACLE_OPEN' &&
          JSON.parse(flag.evidence).obstacleId === resolved.obstacleId,
      ),
    ).toEqual([]);
    expect(changes2).toContainEqual(
      expect.objectContaining({ projectId: moved.projectId, rule: 'NO_STAGE_CHANGE', change: 'CLEARED' }),
    );
    expect(flags2.filter((flag) => flag.projectId === moved.projectId && flag.rule === 'NO_STAGE_CHANGE')).toEqual([]);
  });

  it('raises NO_STAGE_CHANGE under the tightened threshold for exactly the projects it now covers', async () => {
    const projects: { id: string; stage: string; stageChangedAt: string }[] = [];
    let after: string | null = null;
    do {
      const result: GraphQLResult = await harness.hub.query(
        `query($after: String) { projects(first: 500, after: $after, orderBy: ID_ASC) { edges { node { id stage stageChangedAt } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        VIEWER,
      );
      expect(result.errors).toBeUndefined();
      projects.push(...result.data!.projects.edges.map((e: any) => e.node));
      after = result.data!.projects.pageInfo.hasNextPage ? result.data!.projects.pageInfo.endCursor : null;
    } while (after);
    const expected = projects
      .filter(
        (p) => PRE_PRODUCTION.has(p.stage) && addDays(shanghaiDate(p.stageChangedAt), TIGHT_NO_STAGE_CHANGE_DAYS) <= D2,
      )
      .map((p) => p.id)
      .sort();
    const flagged = flags2
      .filter((flag) => flag.rule === 'NO_STAGE_CHANGE')
      .map((flag) => flag.projectId)
      .sort();
    expect(flagged).toEqual(expected);
    const raised = changes2.filter((c) => c.rule === 'NO_STAGE_CHANGE' && c.change === 'NEW');
    expect(raised.length).toBeGreaterThan(0);
    expect(raised.length).toBe(
      flagged.length - flags1.filter((f) => f.rule === 'NO_STAGE_CHANGE' && f.projectId !== moved.projectId).length,
    );
  });

  it('shows the new flags with isNew (newOnly filter), and the run’s counts agree', async () => {
    const newOnly = await allFlags(null, { newOnly: true });
    const raised = changes2.filter((c) => c.change === 'NEW');
    const cleared = changes2.filter((c) => c.change === 'CLEARED');
    expect(newOnly.totalCount).toBe(raised.length);
    expect(newOnly.items.every((flag) => flag.isNew && flag.asOf === D2)).toBe(true);
    expect(newOnly.items.map((flag) => changeKey({ ...flag, change: 'NEW' })).sort()).toEqual(
      raised.map(changeKey).sort(),
    );
    // The flags carried over are not new.
    expect(flags2.filter((flag) => !flag.isNew)).toHaveLength(flags2.length - raised.length);
    expect(run2).toMatchObject({ newFlags: raised.length, clearedFlags: cleared.length });
  });
});
