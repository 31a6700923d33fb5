import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubHarness, TEST_USER_TOKENS, type HubHarness } from '../../bench/support/hub-harness.js';
import { ADMIN, officerOf, VIEWER } from '../../bench/support/hub-tokens.js';
import { CHANGE_STAGE, CREATE_PROJECT, projectInput, UPDATE_PROJECT } from '../../bench/support/project-fixtures.js';
import {
  computeRates,
  DEFAULT_LANDING_DEFINITION,
  emptyCounts,
  tallyProject,
  type ProjectFacts,
} from '../../lib/metrics-rules/index.js';
import { readPrefectureFacts } from '../../workers/metrics/facts-reader.js';
import { serviceTokenSource } from '../../workers/service-token.js';
import { untilAllServing } from '../support/gateway-http.js';

/** Each test works in its own prefecture, so the counts it compares are its own. */
const VOIDING = '530100';
const MILESTONES = '530300';
const OTHERS = '530400';

const VOID = `mutation($input: VoidProjectInput!) { voidProject(input: $input) { id voidedAt voidReason } }`;
const RESTORE = `mutation($input: RestoreProjectInput!) { restoreProject(input: $input) { id voidedAt voidReason } }`;
const STATS = `query($code: String!) { projectStats(filter: { prefectures: [$code] }) { total signed byStage { terminated } } }`;
const HISTORY = `query($id: ID!) { project(id: $id) { voidedAt history { kind reason actorSubject } } }`;
const LIST = `query($filter: ProjectFilter) { projects(filter: $filter, first: 500) { totalCount edges { node { id voidedAt } } } }`;

describe('void and restore, milestones on entry (real shards through the gateway)', () => {
  let hub: HubHarness;
  const token = serviceTokenSource(TEST_USER_TOKENS);

  beforeAll(async () => {
    hub = await startHubHarness({ codes: [VOIDING, MILESTONES, OTHERS] });
    await untilAllServing(hub);
  });
  afterAll(() => hub?.close());

  async function create(code: string, overrides: Record<string, unknown> = {}) {
    const result = await hub.query(CREATE_PROJECT, { input: projectInput(code, overrides) }, officerOf(code));
    expect(result.errors).toBeUndefined();
    return result.data!.createProject as { id: string; version: number };
  }

  async function stats(code: string) {
    const result = await hub.query(STATS, { code });
    expect(result.errors).toBeUndefined();
    return result.data!.projectStats as { total: number; signed: number; byStage: { terminated: number } };
  }

  /** What the nightly run counts: the facts its reader gets through the gateway, tallied by its rules. */
  async function nightlyCounts(code: string) {
    const facts: ProjectFacts[] = [];
    for await (const page of readPrefectureFacts(
      { gatewayUrl: hub.gatewayUrl, token, pageSize: 2, timeoutMs: 10_000 },
      code,
    )) {
      facts.push(...page);
    }
    const counts = emptyCounts();
    for (const project of facts) tallyProject(counts, project, DEFAULT_LANDING_DEFINITION);
    return { ids: facts.map((f) => f.id), counts, rates: computeRates(counts) };
  }

  it('voiding takes a project out of projectStats, the projects list and the nightly facts; restoring brings it back; both in its history', async () => {
    const kept = await create(VOIDING, { agreedInvestment: '100.00' });
    const mistaken = await create(VOIDING, { agreedInvestment: '300.00' });
    const terminated = await create(VOIDING, { agreedInvestment: '600.00' });
    const stage = await hub.query(
      CHANGE_STAGE,
      { input: { projectId: terminated.id, version: terminated.version, stage: 'TERMINATED', reason: '投资方撤资' } },
      officerOf(VOIDING),
    );
    expect(stage.errors).toBeUndefined();
    expect(await stats(VOIDING)).toEqual({ total: 3, signed: 3, byStage: { terminated: 1 } });
    const before = await nightlyCounts(VOIDING);
    expect(before.counts.signed).toBe(3);

    const voided = await hub.query(VOID, { input: { projectId: mistaken.id, reason: '重复录入' } }, officerOf(VOIDING));
    expect(voided.errors).toBeUndefined();
    expect(voided.data!.voidProject).toMatchObject({ id: mistaken.id, voidReason: '重复录入' });
    expect(voided.data!.voidProject.voidedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    // Gone from every count; the terminated project still counts as signed.
    expect(await stats(VOIDING)).toEqual({ total: 2, signed: 2, byStage: { terminated: 1 } });
    const after = await nightlyCounts(VOIDING);
    expect(after.ids.sort()).toEqual([kept.id, terminated.id].sort());
    expect(after.counts).toMatchObject({ signed: 2, agreedInvestment: 70000n });
    expect(after.rates.performanceRate).toMatchObject({ numerator: 0n, denominator: 2n });
    expect(after.rates.fundsRate.denominator).toBe(70000n);
    const list = await hub.query(LIST, { filter: { prefectures: [VOIDING] } }, officerOf(VOIDING));
    expect(list.data!.projects.totalCount).toBe(2);

    // Admins see it, as voided; nobody else may ask.
    const all = await hub.query(LIST, { filter: { prefectures: [VOIDING], includeVoided: true } }, ADMIN);
    expect(all.data!.projects.totalCount).toBe(3);
    const only = await hub.query(LIST, { filter: { prefectures: [VOIDING], voidedOnly: true } }, ADMIN);
    expect(only.data!.projects.edges.map((e: any) => e.node.id)).toEqual([mistaken.id]);
    for (const actor of [officerOf(VOIDING), VIEWER]) {
      const refused = await hub.query(LIST, { filter: { prefectures: [VOIDING], includeVoided: true } }, actor);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }

    // A voided project takes no other write until restored.
    const edit = await hub.query(UPDATE_PROJECT, { input: { id: mistaken.id, version: 2, name: '改名' } }, ADMIN);
    expect(edit.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.id' } });

    const restored = await hub.query(RESTORE, { input: { projectId: mistaken.id, reason: '并非重复' } }, ADMIN);
    expect(restored.errors).toBeUndefined();
    expect(restored.data!.restoreProject).toMatchObject({ voidedAt: null, voidReason: null });
    expect(await stats(VOIDING)).toEqual({ total: 3, signed: 3, byStage: { terminated: 1 } });
    expect((await nightlyCounts(VOIDING)).counts).toEqual(before.counts);

    const history = await hub.query(HISTORY, { id: mistaken.id }, officerOf(VOIDING));
    expect(history.data!.project.history.slice(-2)).toEqual([
      { kind: 'VOIDED', reason: '重复录入', actorSubject: officerOf(VOIDING).subject },
      { kind: 'RESTORED', reason: '并非重复', actorSubject: ADMIN.subject },
    ]);
  });

  it("lets only the owning prefecture's officers and admins void, with a reason", async () => {
    const project = await create(VOIDING);
    for (const actor of [officerOf(OTHERS), VIEWER]) {
      const refused = await hub.query(VOID, { input: { projectId: project.id, reason: '误录' } }, actor);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    const blank = await hub.query(VOID, { input: { projectId: project.id, reason: ' ' } }, officerOf(VOIDING));
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const twice = await hub.query(VOID, { input: { projectId: project.id, reason: '误录' } }, ADMIN);
    expect(twice.errors).toBeUndefined();
    const again = await hub.query(VOID, { input: { projectId: project.id, reason: '误录' } }, ADMIN);
    expect(again.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.projectId' } });
  });

  it('creates a project at OPERATING with the dates given, lists one without them as missing them, and completing them clears it', async () => {
    const dated = await create(MILESTONES, {
      stage: 'OPERATING',
      actualStartOn: '2018-10-01',
      actualProductionOn: '2019-12-01',
    });
    const undated = await create(MILESTONES, { stage: 'OPERATING' });
    const read = async (id: string) =>
      (
        await hub.query(
          `query($id: ID!) { project(id: $id) { stage actualStartOn actualProductionOn missingMilestones } }`,
          { id },
        )
      ).data!.project;
    expect(await read(dated.id)).toEqual({
      stage: 'OPERATING',
      actualStartOn: '2018-10-01',
      actualProductionOn: '2019-12-01',
      missingMilestones: [],
    });
    expect(await read(undated.id)).toEqual({
      stage: 'OPERATING',
      actualStartOn: null,
      actualProductionOn: null,
      missingMilestones: ['ACTUAL_START', 'ACTUAL_PRODUCTION'],
    });
    const missing = { prefectures: [MILESTONES], missingMilestones: true };
    const listed = await hub.query(LIST, { filter: missing }, officerOf(MILESTONES));
    expect(listed.data!.projects.edges.map((e: any) => e.node.id)).toEqual([undated.id]);

    const completed = await hub.query(
      UPDATE_PROJECT,
      {
        input: {
          id: undated.id,
          version: undated.version,
          actualStartOn: '2018-11-01',
          actualProductionOn: '2020-01-15',
        },
      },
      officerOf(MILESTONES),
    );
    expect(completed.errors).toBeUndefined();
    expect((await read(undated.id)).missingMilestones).toEqual([]);
    const none = await hub.query(LIST, { filter: missing }, officerOf(MILESTONES));
    expect(none.data!.projects.totalCount).toBe(0);
    const complete = await hub.query(LIST, { filter: { ...missing, missingMilestones: false } }, officerOf(MILESTONES));
    expect(complete.data!.projects.totalCount).toBe(2);
  });
});
