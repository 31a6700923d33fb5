import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import {
  figuresOn,
  prefectureQueue,
  requestRun,
  runStatus,
  waitForRun,
  waitUntil,
  type Figures,
} from '../support/metrics-runs.js';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.js';
import { shardProxies } from '../support/shard-proxies.js';

const PAGE_SIZE = 5;
const SLOW_MS = 150;
const CLEAN_DATE = '2026-10-15';
const RESTART_DATE = '2026-10-16';

/**
 * Resolves once `client` has tried to reconnect and failed at least once (its second 'reconnecting'):
 * Redis was down long enough for the connections to notice, not just for a socket to close.
 */
function failedReconnect(client: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    let attempts = 0;
    const onReconnecting = () => {
      if (++attempts < 2) return;
      client.off('reconnecting', onReconnecting);
      resolve();
    };
    client.on('reconnecting', onReconnecting);
  });
}

describe('Redis restarting mid-run', () => {
  let redis: OwnRedis;
  let harness: MetricsHubHarness;
  let jobs: Queue;
  let clean: Figures;
  const { proxies, urlFor, close: closeProxies } = shardProxies({ delayMs: SLOW_MS });

  beforeAll(async () => {
    redis = await startOwnRedis();
    harness = await startMetricsHub({
      redisUrl: redis.url,
      redisReconnect: true,
      urlFor,
    });
    jobs = prefectureQueue(harness);
    // Connection errors while Redis is down are expected here; BullMQ prints them when unheard.
    for (const emitter of [jobs, harness.runs, harness.redis]) emitter.on('error', () => undefined);
    harness.startWorkers({ pageSize: PAGE_SIZE });
    const run = await waitForRun(harness, await requestRun(harness, CLEAN_DATE));
    expect(run.state).toBe('COMPLETED');
    clean = await figuresOn(harness, CLEAN_DATE);
  }, 120_000);

  afterAll(async () => {
    // Up again for the harness to close its workers and delete its keys, whatever happened.
    if (redis && !redis.running) await redis.start().catch(() => undefined);
    await jobs?.close();
    await harness?.close();
    await closeProxies();
    await redis?.destroy();
  });

  it('loses no run: a run in progress when Redis shuts down and comes back completes with full figures', async () => {
    for (const proxy of proxies.values()) proxy.mode = 'delay';
    const runId = await requestRun(harness, RESTART_DATE);
    // Mid-run: some prefectures done, others still to go, jobs active.
    await waitUntil(
      'a run with some prefectures done and others still to go',
      async () => {
        const run = await runStatus(harness, runId);
        const done = (run?.progress ?? []).filter((p) => p.state === 'DONE').length;
        return done >= 1 && done <= 10 && (await jobs.getActiveCount()) >= 1;
      },
      30_000,
    );

    const noticed = failedReconnect(harness.redis);
    await redis.shutdown();
    expect(redis.running).toBe(false);
    const whileDown = await runStatus(harness, runId);
    expect(whileDown!.state).toBe('RUNNING');
    await noticed;
    await redis.start();
    for (const proxy of proxies.values()) proxy.mode = 'pass';

    const run = await waitForRun(harness, runId, 60_000);
    expect(run.state).toBe('COMPLETED');
    expect(run.missingPrefectures).toEqual([]);
    expect(run.progress).toHaveLength(16);
    for (const progress of run.progress)
      expect(progress, progress.prefectureCode).toMatchObject({ state: 'DONE', error: null });
    const figures = await figuresOn(harness, RESTART_DATE);
    expect(figures).toEqual(clean);
    expect(figures.cohort).toMatchObject({ signed: 110, performing: 84, started: 58 });
  }, 90_000);

  it('keeps working afterwards: the next run goes through the restarted Redis', async () => {
    const run = await waitForRun(harness, await requestRun(harness, RESTART_DATE, ['530100']));
    expect(run).toMatchObject({ state: 'COMPLETED', missingPrefectures: [] });
  });
});
