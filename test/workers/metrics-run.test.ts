import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYST, VIEWER } from '../../bench/support/hub-tokens.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { MetricSnapshot, StallFlagRecord } from '../../lib/hub-database/entities/index.js';

const AS_OF = '2026-10-31';
const RUN = `mutation($asOf: LocalDate, $prefectures: [String!]) { runMetrics(asOf: $asOf, prefectures: $prefectures) { id state asOf prefectures } }`;
const RUN_STATUS = `query($id: ID!) { metricRun(id: $id) { state missingPrefectures newFlags clearedFlags error progress { prefectureCode state projectsRead } } }`;
const COHORT = `query($asOf: LocalDate, $cohort: CohortInput) { metrics(asOf: $asOf, cohort: $cohort) {
  signed performing started byStage { preparing underConstruction operating } performanceRate { percent numerator denominator } startRate { percent } missingPrefectures } }`;

export async function waitForRun(harness: MetricsHubHarness, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await harness.hub.query(RUN_STATUS, { id }, ANALYST);
    const run = result.data?.metricRun;
    if (run && ['COMPLETED', 'PARTIAL', 'FAILED'].includes(run.state)) return run;
    if (Date.now() > deadline) throw new Error(`run ${id} did not finish: ${JSON.stringify(run)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('metric runs through the gateway', () => {
  let harness: MetricsHubHarness;
  beforeAll(async () => {
    harness = await startMetricsHub();
    harness.startWorkers();
  }, 120_000);
  afterAll(() => harness?.close());

  it('lets an analyst run the metrics through the gateway and read their progress', async () => {
    const started = await harness.hub.query(RUN, { asOf: AS_OF }, ANALYST);
    expect(started.errors).toBeUndefined();
    expect(started.data?.runMetrics).toMatchObject({ state: 'QUEUED', asOf: AS_OF });
    expect(started.data?.runMetrics.prefectures).toHaveLength(16);
    const run = await waitForRun(harness, started.data!.runMetrics.id);
    expect(run.state).toBe('COMPLETED');
    expect(run.missingPrefectures).toEqual([]);
    expect(run.progress).toHaveLength(16);
    for (const progress of run.progress) expect(progress).toMatchObject({ state: 'DONE' });
    expect(run.progress.reduce((sum: number, p: any) => sum + p.projectsRead, 0)).toBeGreaterThan(16 * 20);
  });

  it("reproduces the seed's 2018 cohort: 履约率 76.4% and 开工率 52.7%", async () => {
    const result = await harness.hub.query(
      COHORT,
      { asOf: AS_OF, cohort: { year: 2018, signingLevel: 'PROVINCIAL_MAJOR_EVENT' } },
      VIEWER,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.metrics).toMatchObject({
      signed: 110,
      performing: 84,
      started: 58,
      byStage: { preparing: 26, underConstruction: 53, operating: 5 },
      performanceRate: { percent: 76.4, numerator: '84', denominator: '110' },
      startRate: { percent: 52.7 },
      missingPrefectures: [],
    });
  });

  it('adds prefectures into the province instead of averaging their rates', async () => {
    const result = await harness.hub.query(
      `{ metrics { signed performing } prefectures { code metrics { signed performing performanceRate { percent } } } }`,
      {},
      VIEWER,
    );
    const prefectures = result.data!.prefectures as { metrics: { signed: number; performing: number } }[];
    expect(prefectures.reduce((sum, p) => sum + p.metrics.signed, 0)).toBe(result.data!.metrics.signed);
    expect(prefectures.reduce((sum, p) => sum + p.metrics.performing, 0)).toBe(result.data!.metrics.performing);
  });

  it('serves stalled projects with their project details from the owning shards', async () => {
    const result = await harness.hub.query(
      `{ stalledProjects(first: 5, filter: { severities: ["RED"] }) {
      totalCount items { rule severity since evidence prefectureCode project { id name stage investorName prefecture { nameZh } stall { rule } } } } }`,
      {},
      VIEWER,
    );
    expect(result.errors).toBeUndefined();
    const page = result.data!.stalledProjects;
    expect(page.totalCount).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(item.severity).toBe('RED');
      expect(item.project.id.startsWith(item.prefectureCode)).toBe(true);
      expect(item.project.name).toEqual(expect.any(String));
      expect(item.project.stall.map((s: any) => s.rule)).toContain(item.rule);
      expect(JSON.parse(item.evidence)).toEqual(expect.any(Object));
    }
  });

  it('replaces a date’s results when it runs again: no duplicates, same figures', async () => {
    const em = harness.hub.provinceOrm.em.fork();
    const before = {
      snapshots: await em.count(MetricSnapshot, { asOf: AS_OF }),
      flags: await em.count(StallFlagRecord, { asOf: AS_OF }),
    };
    const again = await harness.hub.query(RUN, { asOf: AS_OF }, ANALYST);
    const run = await waitForRun(harness, again.data!.runMetrics.id);
    expect(run.state).toBe('COMPLETED');
    expect({
      snapshots: await em.count(MetricSnapshot, { asOf: AS_OF }),
      flags: await em.count(StallFlagRecord, { asOf: AS_OF }),
    }).toEqual(before);
    const cohort = await harness.hub.query(
      COHORT,
      { asOf: AS_OF, cohort: { year: 2018, signingLevel: 'PROVINCIAL_MAJOR_EVENT' } },
      VIEWER,
    );
    expect(cohort.data?.metrics.performanceRate.percent).toBe(76.4);
  });

  it('refuses runs from viewers and for future dates, naming the field', async () => {
    const viewer = await harness.hub.query(RUN, { asOf: AS_OF }, VIEWER);
    expect(viewer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const future = await harness.hub.query(RUN, { asOf: '2099-01-01' }, ANALYST);
    expect(future.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'asOf' } });
    const unknown = await harness.hub.query(RUN, { asOf: AS_OF, prefectures: ['999999'] }, ANALYST);
    expect(unknown.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'prefectures' } });
  });
});
