import type { FlowProducer } from 'bullmq';
import {
  METRICS_QUEUES,
  prefectureJobId,
  QUEUE_PREFIX,
  rollupJobId,
  type PrefectureJobData,
  type RollupJobData,
} from '../../lib/jobs/metrics-jobs.js';

/** Retry policy of a prefecture job: its shard may be down for a moment. */
export interface PrefectureRetryPolicy {
  /** Attempts in all, default 3. */
  readonly attempts: number;
  /** First backoff, doubled each retry; default 2 000 ms. */
  readonly backoffMs: number;
}

const DEFAULT_RETRY: PrefectureRetryPolicy = { attempts: 3, backoffMs: 2_000 };

/**
 * Adds a run as one flow: a rollup parent whose children are the prefecture jobs. A child that
 * fails for good is ignored by the parent (`ignoreDependencyOnFailure`), so the rollup still runs
 * and reports that prefecture as missing. Job ids derive from the run id, so adding the same run
 * twice adds nothing.
 */
export async function addRunFlow(
  producer: FlowProducer,
  run: { runId: string; asOf: string; prefectures: readonly string[]; requestId?: string },
  retry: PrefectureRetryPolicy = DEFAULT_RETRY,
  prefix = QUEUE_PREFIX,
): Promise<void> {
  const trace = run.requestId ? { requestId: run.requestId } : {};
  const rollup: RollupJobData = { runId: run.runId, asOf: run.asOf, prefectures: run.prefectures, ...trace };
  await producer.add({
    name: 'rollup',
    queueName: METRICS_QUEUES.rollup,
    prefix,
    data: rollup,
    opts: {
      jobId: rollupJobId(run.runId),
      attempts: 3,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 7 * 24 * 3600 },
    },
    children: run.prefectures.map((prefectureCode) => ({
      name: 'prefecture',
      queueName: METRICS_QUEUES.prefecture,
      prefix,
      data: { runId: run.runId, asOf: run.asOf, prefectureCode, ...trace } satisfies PrefectureJobData,
      opts: {
        jobId: prefectureJobId(run.runId, prefectureCode),
        attempts: retry.attempts,
        backoff: { type: 'exponential', delay: retry.backoffMs },
        ignoreDependencyOnFailure: true,
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    })),
  });
}
