import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { FlowProducer, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Registry } from 'prom-client';
import type { Logger } from '../../lib/logger.js';
import { createMetricsRegistry } from '../../lib/observability/metrics.js';
import { jobObserver } from '../observability/job-metrics.js';
import { METRICS_QUEUES, QUEUE_PREFIX, type PrefectureJobData } from '../../lib/jobs/metrics-jobs.js';
import { markPrefectureFailed } from '../../lib/hub-database/store/metric-runs.store.js';
import type { ProjectFacts } from '../../lib/metrics-rules/index.js';
import type { PrefectureRetryPolicy } from './run-flow.js';
import { prefectureMetricsProcessor } from './prefecture-metrics.processor.js';
import { rollupProcessor } from './rollup.processor.js';
import { runRequestProcessor } from './run-request.processor.js';

/** How the metric workers run; every timing has a production default and is shortened in tests. */
export interface MetricsWorkersOptions {
  readonly connection: ConnectionOptions;
  readonly orm: MikroORM;
  readonly readFacts: (prefectureCode: string) => AsyncIterable<ProjectFacts[]>;
  readonly logger: Logger;
  /** Prefecture jobs processed at once by this worker process. Default 4. */
  readonly concurrency?: number;
  readonly retry: PrefectureRetryPolicy;
  /** Time zone of scheduled runs' "today". */
  readonly timezone: string;
  /** How long a job's lock lasts without renewal; a killed worker's job is taken over after it. Default 30 s. */
  readonly lockDurationMs?: number;
  /** How often stalled (crashed) jobs are looked for. Default 30 s. */
  readonly stalledIntervalMs?: number;
  /** Key prefix of the queues; default `{hub}`. Hubs (and tests) sharing a Redis use their own. */
  readonly prefix?: string;
  /** Where job durations and failures are recorded; default a registry of these workers only. */
  readonly metrics?: Registry;
}

export interface MetricsWorkers {
  readonly workers: readonly Worker[];
  /** `hub_job_duration_seconds`, `hub_job_failures_total` (served by workers/server.ts at /metrics). */
  readonly metrics: Registry;
  /** Stops taking jobs, lets the running ones finish, closes connections. */
  close(): Promise<void>;
}

export function startMetricsWorkers(options: MetricsWorkersOptions): MetricsWorkers {
  const { connection, orm, logger } = options;
  const prefix = options.prefix ?? QUEUE_PREFIX;
  const common = {
    connection,
    prefix,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 2,
  };
  const flows = new FlowProducer({ connection, prefix });
  const metrics = options.metrics ?? createMetricsRegistry();
  const observed = jobObserver(metrics, logger);
  const runs = new Worker(
    METRICS_QUEUES.runs,
    observed.wrap(
      METRICS_QUEUES.runs,
      runRequestProcessor({ orm, flows, retry: options.retry, timezone: options.timezone, prefix }),
    ),
    common,
  );
  const prefecture = new Worker(
    METRICS_QUEUES.prefecture,
    observed.wrap(METRICS_QUEUES.prefecture, prefectureMetricsProcessor({ orm, readFacts: options.readFacts })),
    {
      ...common,
      concurrency: options.concurrency ?? 4,
    },
  );
  const rollup = new Worker(
    METRICS_QUEUES.rollup,
    observed.wrap(METRICS_QUEUES.rollup, rollupProcessor({ orm })),
    common,
  );
  for (const worker of [runs, prefecture, rollup]) observed.watch(worker);

  prefecture.on('failed', (job: Job<PrefectureJobData> | undefined, error: Error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    logger.warn(
      {
        prefecture: job.data.prefectureCode,
        runId: job.data.runId,
        requestId: job.data.requestId,
        attempt: job.attemptsMade,
        final,
        err: error.message,
      },
      'prefecture metrics job failed',
    );
    if (final)
      void markPrefectureFailed(orm.em.fork() as EntityManager, job.data.runId, job.data.prefectureCode, error.message);
  });
  for (const worker of [runs, prefecture, rollup]) {
    worker.on('error', (error) => logger.error({ err: error.message, queue: worker.name }, 'worker error'));
  }
  rollup.on('completed', (job, result) =>
    logger.info({ runId: job.data.runId, requestId: job.data.requestId, ...result }, 'metrics run finished'),
  );

  return {
    workers: [runs, prefecture, rollup],
    metrics,
    async close() {
      await Promise.all([runs.close(), prefecture.close(), rollup.close()]);
      await flows.close();
    },
  };
}
