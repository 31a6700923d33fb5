import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFECTURES } from '../../schema/prefectures.js';
import { MetricSnapshot, StallFlagRecord } from '../../lib/hub-database/entities/index.js';
import { ANALYST } from '../../bench/support/hub-tokens.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import type { MetricsWorkers } from '../../workers/metrics/metrics.worker.js';
import {
  figuresOn,
  prefectureQueue,
  requestRun,
  rowsOn,
  runStatus,
  waitForRun,
  waitUntil,
  type Figures,
  type RunStatus,
} from '../support/metrics-runs.js';
import { shardProxies } from '../support/shard-proxies.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

/** Small pages and slow shards: every prefecture job takes a few seconds, so jobs are mid-flight when the process goes. */
const PAGE_SIZE = 10;
const SLOW_MS = 300;
const KILL_DATE = '2026-10-21';
const TERM_DATE = '2026-10-22';

describe('a worker process ending mid-run', () => {
  let harness: MetricsHubHarness;
  const { proxies, urlFor, close: closeProxies } = shardProxies();
  let jobs: Queue;
  /** Figures of a clean run (the rerun of the SIGKILL date), for the SIGTERM run to match. */
  let clean: Figures;
  /** The SIGTERM run as it stood after the process drained, before another worker came. */
  let waiting: RunStatus | null = null;
  const processes: WorkerProcess[] = [];
  const inProcess: MetricsWorkers[] = [];

  const setProxies = (mode: 'pass' | 'delay') => {
    for (const proxy of proxies.values()) {
      proxy.mode = mode;
      proxy.delayMs = SLOW_MS;
    }
  };
  const queriesPerShard = () => Object.fromEntries([...proxies].map(([code, proxy]) => [code, proxy.queries]));
  const resetProxies = () => proxies.forEach((proxy) => proxy.reset());
  /**
   * In-process workers standing in for "a worker is available again": frequent stall checks, so the
   * killed process's jobs (its lock is 2 s) are taken over soon. Their own lock is long: on a
   * loaded machine a pause of the event loop over a short lock would have their jobs taken for
   * stalled and run twice, which is not what these tests are about.
   */
  const startFreshWorkers = (pageSize = 200) => {
    const workers = harness.startWorkers({ lockDurationMs: 30_000, stalledIntervalMs: 1_000, pageSize });
    inProcess.push(workers);
    return workers;
  };

  beforeAll(async () => {
    harness = await startMetricsHub({
      urlFor,
    });
    jobs = prefectureQueue(harness);
    // The worker process creates the nightly scheduler at start unless the schedule is paused: keep
    // scheduled runs out of this file.
    const paused = await harness.hub.query('mutation { pauseMetricsSchedule { paused } }', {}, ANALYST);
    expect(paused.data?.pauseMetricsSchedule).toEqual({ paused: true });
  }, 120_000);

  afterAll(async () => {
    for (const child of processes) await child.kill();
    await jobs?.close();
    await harness?.close();
    await closeProxies();
  });

  /** Codes of the prefectures whose job is RUNNING according to the run's progress rows. */
  async function runningPrefectures(runId: string): Promise<string[]> {
    const run = await runStatus(harness, runId);
    return (run?.progress ?? []).filter((p) => p.state === 'RUNNING').map((p) => p.prefectureCode);
  }

  it('SIGKILL: the stalled jobs are picked up by a fresh worker and the run completes with the same results as a clean run', async () => {
    setProxies('delay');
    const child = await startWorkerProcess(harness, { PAGE_SIZE: String(PAGE_SIZE) });
    processes.push(child);
    const runId = await requestRun(harness, KILL_DATE);
    // Jobs mid-flight: the process holds them (BullMQ active) and has read part of their prefecture.
    await waitUntil(
      'two active prefecture jobs with projects read',
      async () => {
        if ((await jobs.getActiveCount()) < 2) return false;
        const run = await runStatus(harness, runId);
        return (run?.progress ?? []).filter((p) => p.state === 'RUNNING' && p.projectsRead > 0).length >= 1;
      },
      30_000,
    );
    child.child.kill('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Read once the process is dead: a job finishing between a read and the kill would be DONE.
    const killedWhileRunning = await runningPrefectures(runId);
    expect(killedWhileRunning.length).toBeGreaterThanOrEqual(1);
    // Nothing is finished for those prefectures and nobody works on them now.
    const orphaned = await runStatus(harness, runId);
    expect(orphaned!.state).toBe('RUNNING');
    for (const code of killedWhileRunning)
      expect(orphaned!.progress.find((p) => p.prefectureCode === code)!.state).toBe('RUNNING');
    expect(await jobs.getActiveCount()).toBeGreaterThanOrEqual(1);

    setProxies('pass');
    startFreshWorkers();
    const run = await waitForRun(harness, runId, 60_000);
    expect(run.state).toBe('COMPLETED');
    expect(run.missingPrefectures).toEqual([]);
    for (const progress of run.progress)
      expect(progress, progress.prefectureCode).toMatchObject({ state: 'DONE', error: null });
    // The jobs that stalled were not failed for it: no retry was spent.
    for (const progress of run.progress) expect(progress.attempts, progress.prefectureCode).toBe(1);
    expect(await jobs.getFailedCount()).toBe(0);

    // Figure for figure and row for row, what a clean rerun of the same date gives.
    const afterCrash = { figures: await figuresOn(harness, KILL_DATE), rows: await rowsOn(harness, KILL_DATE) };
    expect(afterCrash.rows.snapshots.length).toBeGreaterThan(0);
    expect(afterCrash.rows.flags.length).toBeGreaterThan(0);
    const rerun = await waitForRun(harness, await requestRun(harness, KILL_DATE));
    expect(rerun.state).toBe('COMPLETED');
    clean = await figuresOn(harness, KILL_DATE);
    expect(clean.cohort).toMatchObject({ signed: 110, performing: 84, started: 58 });
    expect(afterCrash.figures).toEqual(clean);
    expect(await rowsOn(harness, KILL_DATE)).toEqual(afterCrash.rows);
    await Promise.all(inProcess.splice(0).map((workers) => workers.close()));
  }, 90_000);

  it('SIGTERM: the process finishes its active jobs, exits 0, and the run completes once a worker is there: no job lost or run twice', async () => {
    setProxies('delay');
    resetProxies();
    const child = await startWorkerProcess(harness, { PAGE_SIZE: String(PAGE_SIZE) });
    processes.push(child);
    const runId = await requestRun(harness, TERM_DATE);
    await waitUntil(
      'an active prefecture job with projects read',
      async () => {
        if ((await jobs.getActiveCount()) < 1) return false;
        const run = await runStatus(harness, runId);
        return (run?.progress ?? []).some((p) => p.state === 'RUNNING' && p.projectsRead > 0);
      },
      30_000,
    );
    const active = await runningPrefectures(runId);
    expect(active.length).toBeGreaterThanOrEqual(1);
    child.child.kill('SIGTERM');
    const exit = await child.exited;
    expect(exit, child.output()).toEqual({ code: 0, signal: null });

    // It drained: what it had started is done, and it took nothing new while stopping.
    const drained = await runStatus(harness, runId);
    waiting = drained;
    for (const code of active)
      expect(
        drained!.progress.find((p) => p.prefectureCode === code),
        code,
      ).toMatchObject({ state: 'DONE', attempts: 1 });
    expect(drained!.progress.filter((p) => p.state === 'RUNNING')).toEqual([]);
    expect(await jobs.getActiveCount()).toBe(0);
    expect(drained!.state).toBe('RUNNING');
    const doneByProcess = drained!.progress.filter((p) => p.state === 'DONE').length;
    expect(doneByProcess).toBeLessThan(PREFECTURES.length);

    setProxies('pass');
    // Same page size as the process: the requests per shard are counted in pages below.
    startFreshWorkers(PAGE_SIZE);
    const run = await waitForRun(harness, runId, 60_000);
    expect(run.state).toBe('COMPLETED');
    for (const progress of run.progress)
      expect(progress, progress.prefectureCode).toMatchObject({ state: 'DONE', attempts: 1, error: null });
    const reads = queriesPerShard();
    expect(await figuresOn(harness, TERM_DATE)).toEqual(clean);

    // Each prefecture was read exactly once: one request per page of its projects (a page more
    // than asked tells whether there is a next one), not twice that.
    const pagesOf = (projects: number) => Math.max(1, Math.ceil(projects / PAGE_SIZE));
    expect(reads).toEqual(Object.fromEntries(run.progress.map((p) => [p.prefectureCode, pagesOf(p.projectsRead)])));
    // And its rows are those of one run: as many snapshots per prefecture as the clean run's, no flag twice.
    const em = harness.hub.provinceOrm.em.fork();
    for (const { prefectureCode } of run.progress) {
      expect(await em.count(MetricSnapshot, { asOf: TERM_DATE, prefectureCode }), prefectureCode).toBe(
        await em.count(MetricSnapshot, { asOf: KILL_DATE, prefectureCode }),
      );
    }
    const flags = await em.find(StallFlagRecord, { asOf: TERM_DATE }, { fields: ['prefectureCode', 'flagKey'] });
    expect(flags.length).toBeGreaterThan(0);
    expect(new Set(flags.map((f) => `${f.prefectureCode}|${f.flagKey}`)).size).toBe(flags.length);
    await Promise.all(inProcess.splice(0).map((workers) => workers.close()));
  }, 90_000);

  it('serves no start or finish time (null, not 1970) for what has not started or finished yet', () => {
    expect(waiting, 'the run of the SIGTERM test after the drain').not.toBeNull();
    const run = waiting!;
    const queuedAt = Date.parse(run.queuedAt);
    expect(run.finishedAt).toBeNull();
    expect(run.startedAt).not.toBeNull();
    expect(Date.parse(run.startedAt!)).toBeGreaterThanOrEqual(queuedAt);
    for (const progress of run.progress.filter((p) => p.state === 'QUEUED')) {
      expect(progress, progress.prefectureCode).toMatchObject({ startedAt: null, finishedAt: null });
    }
    for (const progress of run.progress.filter((p) => p.state === 'DONE')) {
      expect(Date.parse(progress.startedAt!), progress.prefectureCode).toBeGreaterThanOrEqual(queuedAt);
      expect(Date.parse(progress.finishedAt!), progress.prefectureCode).toBeGreaterThanOrEqual(
        Date.parse(progress.startedAt!),
      );
    }
  });
});
