import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StallFlagRecord } from '../../lib/hub-database/entities/index.js';
import { ANALYST, VIEWER } from '../../bench/support/hub-tokens.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { figuresOn, requestRun, waitForRun, type Figures, type RunStatus } from '../support/metrics-runs.js';
import { shardProxies } from '../support/shard-proxies.js';
import type { ShardProxy } from '../support/shard-proxy.js';

/** Its shard sits behind a proxy that answers garbage during the first run. */
const FLAKY = '530300';
/** The date of the partial run and of its rerun. */
const PARTIAL_DATE = '2026-10-27';
/** A clean full run, for the figures the province should have once the rerun filled the gap. */
const CLEAN_DATE = '2026-10-26';

describe('a prefecture failing after retries', () => {
  let harness: MetricsHubHarness;
  const shards = shardProxies({ only: [FLAKY] });
  let proxy: ShardProxy;
  let partial: RunStatus;
  let clean: Figures;

  beforeAll(async () => {
    harness = await startMetricsHub({
      urlFor: shards.urlFor,
    });
    proxy = shards.get(FLAKY);
    harness.startWorkers({ attempts: 2, backoffMs: 100 });
    // A clean run first: the reference figures of the whole province.
    const cleanRun = await waitForRun(harness, await requestRun(harness, CLEAN_DATE));
    expect(cleanRun.state).toBe('COMPLETED');
    clean = await figuresOn(harness, CLEAN_DATE);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await shards.close();
  });

  it('gives a PARTIAL run naming exactly that prefecture, with its progress FAILED and the error', async () => {
    proxy.mode = 'garbage';
    proxy.reset();
    partial = await waitForRun(harness, await requestRun(harness, PARTIAL_DATE));
    expect(partial.state).toBe('PARTIAL');
    expect(partial.missingPrefectures).toEqual([FLAKY]);
    expect(partial.error).toContain(FLAKY);
    expect(partial.finishedAt).not.toBeNull();
    expect(partial.progress).toHaveLength(16);
    const failed = partial.progress.find((p) => p.prefectureCode === FLAKY)!;
    expect(failed).toMatchObject({ state: 'FAILED', attempts: 2 });
    expect(failed.error).toMatch(/PREFECTURE_UNAVAILABLE|gateway refused the read/);
    expect(failed.error).toContain(FLAKY);
    for (const progress of partial.progress.filter((p) => p.prefectureCode !== FLAKY)) {
      expect(progress, progress.prefectureCode).toMatchObject({ state: 'DONE', attempts: 1, error: null });
    }
    // Both attempts reached the shard (through its proxy); the job was not given up early.
    expect(proxy.queries).toBeGreaterThanOrEqual(2);
  });

  it('still rolls the province up, leaving that prefecture out and naming it', async () => {
    const figures = await figuresOn(harness, PARTIAL_DATE);
    expect(figures.all!.missingPrefectures).toEqual([FLAKY]);
    expect(figures.cohort!.missingPrefectures).toEqual([FLAKY]);
    expect(figures.prefectures[FLAKY]).toBeNull();
    const flakySigned = clean.prefectures[FLAKY]!.signed as number;
    expect(flakySigned).toBeGreaterThan(0);
    expect(figures.all!.signed).toBe(clean.all!.signed - flakySigned);
    // The others are there, as in the clean run.
    for (const [code, metrics] of Object.entries(figures.prefectures)) {
      if (code !== FLAKY) expect(metrics, code).toEqual(clean.prefectures[code]);
    }
    // And the sums are over the prefectures present (no averaging, no stale rows).
    const present = Object.values(figures.prefectures).filter((m) => m !== null);
    expect(present.reduce((sum, m) => sum + m.signed, 0)).toBe(figures.all!.signed);
    expect(present.reduce((sum, m) => sum + m.performing, 0)).toBe(figures.all!.performing);
  });

  it('fills the prefecture in on a rerun of just that prefecture: the province is then complete', async () => {
    proxy.mode = 'pass';
    // The gateway may have judged the shard while it answered garbage: look again.
    await harness.hub.gateway.refresh();
    const started = await harness.hub.query(
      `mutation($asOf: LocalDate, $prefectures: [String!]) { runMetrics(asOf: $asOf, prefectures: $prefectures) { id state prefectures } }`,
      { asOf: PARTIAL_DATE, prefectures: [FLAKY] },
      ANALYST,
    );
    expect(started.errors).toBeUndefined();
    expect(started.data!.runMetrics).toMatchObject({ state: 'QUEUED', prefectures: [FLAKY] });
    const rerun = await waitForRun(harness, started.data!.runMetrics.id);
    expect(rerun).toMatchObject({ state: 'COMPLETED', missingPrefectures: [], error: null, prefectures: [FLAKY] });
    expect(rerun.progress).toEqual([
      expect.objectContaining({ prefectureCode: FLAKY, state: 'DONE', attempts: 1, error: null }),
    ]);
    expect(rerun.progress[0].projectsRead).toBeGreaterThan(0);

    const figures = await figuresOn(harness, PARTIAL_DATE);
    expect(figures.all!.missingPrefectures).toEqual([]);
    expect(figures).toEqual(clean);
    expect(figures.cohort).toMatchObject({
      signed: 110,
      performing: 84,
      started: 58,
      performanceRate: { percent: 76.4 },
      startRate: { percent: 52.7 },
    });

    // The filled-in prefecture has its stall flags of the date too.
    const em = harness.hub.provinceOrm.em.fork();
    expect(await em.count(StallFlagRecord, { asOf: CLEAN_DATE, prefectureCode: FLAKY })).toBeGreaterThan(0);
    expect(await em.count(StallFlagRecord, { asOf: PARTIAL_DATE, prefectureCode: FLAKY })).toBeGreaterThan(0);
  });

  it('keeps the partial run in the history as it was', async () => {
    const result = await harness.hub.query(
      `query($id: ID!) { metricRun(id: $id) { state missingPrefectures } }`,
      { id: partial.id },
      VIEWER,
    );
    expect(result.data!.metricRun).toEqual({ state: 'PARTIAL', missingPrefectures: [FLAKY] });
  });
});
