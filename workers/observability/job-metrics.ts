import { Queue, UnrecoverableError, type ConnectionOptions, type Job, type Worker } from 'bullmq';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Logger } from '../../lib/logger.js';
import { withLogScope } from '../../lib/observability/log-scope.js';
import { METRICS_QUEUES } from '../../lib/jobs/metrics-jobs.js';

/** Job data fields that identify a job in logs (any of the metric jobs' data). */
interface TraceableJobData {
  readonly runId?: string;
  readonly requestId?: string;
  readonly prefectureCode?: string;
}

/** Durations and failures of the metric jobs, and the logs around each job. */
export interface JobObserver {
  /**
   * Wraps a BullMQ processor: the job runs in a log scope (every line it writes carries the run
   * id, job id, queue, prefecture and the request id of the analyst's run request) and its
   * duration is recorded as `hub_job_duration_seconds{queue,outcome}`.
   */
  wrap<T extends TraceableJobData, R>(
    queue: string,
    processor: (job: Job<T>) => Promise<R>,
  ): (job: Job<T>) => Promise<R>;
  /** Counts `hub_job_failures_total{queue,final}` from the worker's `failed` events (stalled jobs included). */
  watch(worker: Worker): void;
}

export function jobObserver(registry: Registry, logger: Logger): JobObserver {
  const duration = new Histogram({
    name: 'hub_job_duration_seconds',
    help: 'Time one attempt of a metric job took, per queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const failures = new Counter({
    name: 'hub_job_failures_total',
    help: 'Failed attempts of metric jobs; final="true" when no retry is left',
    labelNames: ['queue', 'final'] as const,
    registers: [registry],
  });
  for (const queue of Object.values(METRICS_QUEUES)) {
    for (const final of ['true', 'false']) failures.inc({ queue, final }, 0);
  }
  return {
    wrap: (queue, processor) => (job) =>
      withLogScope(
        {
          queue,
          jobId: String(job.id),
          runId: job.data.runId,
          requestId: job.data.requestId,
          prefecture: job.data.prefectureCode,
        },
        async () => {
          const started = performance.now();
          logger.info({ attempt: job.attemptsMade + 1 }, 'job started');
          try {
            const result = await processor(job);
            const seconds = (performance.now() - started) / 1000;
            duration.observe({ queue, outcome: 'completed' }, seconds);
            logger.info({ durationMs: Math.round(seconds * 1000) }, 'job completed');
            return result;
          } catch (error) {
            const seconds = (performance.now() - started) / 1000;
            duration.observe({ queue, outcome: 'failed' }, seconds);
            logger.warn(
              { durationMs: Math.round(seconds * 1000), err: (error as Error).message },
              'job attempt failed',
            );
            throw error;
          }
        },
      ),
    watch(worker) {
      worker.on('failed', (job: Job | undefined, error: Error) => {
        const final = !job || error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
        failures.inc({ queue: worker.name, final: String(final) });
      });
    },
  };
}

export interface QueueDepthMetrics {
  close(): Promise<void>;
}

/** Job states reported as `hub_queue_depth{queue,state}`. */
const DEPTH_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'waiting-children', 'failed'] as const;

/**
 * `hub_queue_depth{queue,state}`: jobs per state in each metric queue, read from Redis at scrape
 * time (at most `timeoutMs`: when Redis does not answer the gauge is left empty and
 * `hub_queue_redis_up` says 0, so a scrape never hangs on an outage).
 */
export function registerQueueDepth(
  registry: Registry,
  connection: ConnectionOptions,
  prefix: string,
  timeoutMs = 2_000,
): QueueDepthMetrics {
  const queues = Object.values(METRICS_QUEUES).map((name) => new Queue(name, { connection, prefix }));
  // An outage shows as hub_queue_redis_up 0 (and in the workers' own error logs), not as stderr noise.
  for (const queue of queues) queue.on('error', () => undefined);
  // Both gauges are read in one scrape; the depth read (registered first) starts it.
  let reading: Promise<boolean> = Promise.resolve(true);
  new Gauge({
    name: 'hub_queue_depth',
    help: 'Metric jobs per queue and state',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const read = withTimeout(Promise.all(queues.map((queue) => queue.getJobCounts(...DEPTH_STATES))), timeoutMs);
      reading = read.then(
        () => true,
        () => false,
      );
      const counts = await read.catch(() => null);
      counts?.forEach((byState, i) => {
        for (const state of DEPTH_STATES) this.set({ queue: queues[i].name, state }, byState[state] ?? 0);
      });
    },
  });
  new Gauge({
    name: 'hub_queue_redis_up',
    help: '1 when the queue depths of this scrape were read from Redis',
    registers: [registry],
    async collect() {
      this.set((await reading) ? 1 : 0);
    },
  });
  return { close: async () => void (await Promise.all(queues.map((queue) => queue.close()))) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
