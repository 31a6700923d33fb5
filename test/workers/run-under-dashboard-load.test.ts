import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardQueries } from '../../bench/support/dashboard-queries.js';
import { mintUserToken } from '../../lib/auth/mint-user-token.js';
import { TEST_USER_TOKENS } from '../../bench/support/hub-harness.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { prefectureQueue, requestRun, waitForRun } from '../support/metrics-runs.js';

const DASHBOARDS = 16;
/** The first view's variables (bench/cache.bench.ts has the same), no filter chosen. */
const VARIABLES: Record<string, Record<string, unknown>> = {
  Headline: { asOf: null, cohort: {} },
  PrefectureRates: { asOf: null, cohort: {} },
  Industries: { asOf: null },
  PrefectureLive: { filter: { prefectures: ['530100'] } },
  Trend: { from: '2025-12-01', to: '2026-11-30', cohort: {} },
  Stalled: { asOf: null, filter: {}, first: 20, after: null },
};

/**
 * Issue 15: a metric run while dashboards read used to need a retry of a prefecture job, whose page
 * read waited behind the dashboards' fan-outs on the same shards (one process hosts every shard in
 * one-machine mode) until it passed the shard timeout. With the cache, the dashboards' repeated
 * reads are answered by the gateway and the shards serve the run.
 */
describe('a metric run while 16 dashboards read, with the cache on', () => {
  let harness: MetricsHubHarness;
  beforeAll(async () => {
    harness = await startMetricsHub({
      demoProjects: 40,
      // Production's shard timeout.
      shardTimeoutMs: 3_000,
      gateway: {
        // The dashboards are one user here; the per-user budget would turn them away.
        rateLimit: { points: 100_000_000, windowSeconds: 60 },
        cache: { ttlMs: 300_000, maxMemoryChars: 64 * 1024 * 1024, resultsPollMs: 1_000 },
      },
    });
  }, 120_000);
  afterAll(() => harness?.close());

  it('completes with no shard timeout and no job attempt retried', async () => {
    const queries = dashboardQueries(Object.keys(VARIABLES));
    const token = await mintUserToken({ subject: 'dashboard', role: 'viewer' }, TEST_USER_TOKENS);
    let reading = true;
    let reads = 0;
    const failures: string[] = [];
    const dashboard = async (offset: number) => {
      for (let n = offset; reading; n++) {
        const { name, query } = queries[n % queries.length];
        try {
          const response = await fetch(harness.hub.gatewayUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query, variables: VARIABLES[name] }),
          });
          const body = (await response.json()) as { errors?: unknown[] };
          if (body.errors?.length) failures.push(`${name}: ${JSON.stringify(body.errors).slice(0, 300)}`);
        } catch (error) {
          failures.push(`${name}: ${String((error as Error).cause ?? error)}`);
        }
        reads++;
      }
    };
    const dashboards = Array.from({ length: DASHBOARDS }, (_, i) => dashboard(i));
    harness.startWorkers({ attempts: 3, backoffMs: 100 });
    try {
      const run = await waitForRun(harness, await requestRun(harness, '2026-11-30'), 50_000);
      expect(run.state).toBe('COMPLETED');
    } finally {
      reading = false;
      await Promise.all(dashboards);
    }
    expect(reads).toBeGreaterThan(DASHBOARDS);
    expect(failures).toEqual([]);
    const queue = prefectureQueue(harness);
    try {
      const jobs = await queue.getJobs(['completed', 'failed']);
      expect(jobs).toHaveLength(16);
      for (const job of jobs)
        expect({ job: job.name, attempts: job.attemptsMade }).toEqual({ job: job.name, attempts: 1 });
    } finally {
      await queue.close();
    }
    const calls = await harness.hub.gateway.metrics.getSingleMetric('hub_shard_request_duration_seconds')?.get();
    const timeouts = (calls?.values ?? []).filter(
      (v) =>
        (v as { metricName?: string }).metricName?.endsWith('_count') && v.labels.outcome === 'timeout' && v.value > 0,
    );
    expect(timeouts).toEqual([]);
  }, 60_000);
});
