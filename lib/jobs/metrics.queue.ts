/**
 * The producer side of the metrics queues: what the province (run now, the nightly schedule) and the
 * workers' scheduler use to ask for runs. The run's flow of prefecture and rollup jobs is the
 * workers' own business (workers/metrics/run-flow.ts).
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { METRICS_QUEUES, NIGHTLY_SCHEDULER_ID, QUEUE_PREFIX, type RunRequest } from './metrics-jobs.js';

/** The queue run requests go to. `prefix` separates hubs (and tests) sharing one Redis. */
export function runsQueue(connection: ConnectionOptions, prefix = QUEUE_PREFIX): Queue<RunRequest> {
  return new Queue<RunRequest>(METRICS_QUEUES.runs, { connection, prefix });
}

/** Asks for a run: analysts' "run now" and the nightly scheduler both end up here. */
export async function requestRun(queue: Queue<RunRequest>, request: RunRequest): Promise<void> {
  await queue.add('run', request, {
    jobId: request.runId,
    attempts: 3,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  });
}

/** Creates or changes the nightly scheduler; the stable id means it is never duplicated. */
export async function upsertNightlySchedule(
  queue: Queue<RunRequest>,
  pattern: string,
  timezone: string,
): Promise<void> {
  await queue.upsertJobScheduler(
    NIGHTLY_SCHEDULER_ID,
    { pattern, tz: timezone },
    {
      name: 'nightly',
      data: { trigger: 'SCHEDULE', requestedBy: 'scheduler' },
      opts: { removeOnComplete: { age: 7 * 24 * 3600 } },
    },
  );
}

export async function removeNightlySchedule(queue: Queue<RunRequest>): Promise<void> {
  await queue.removeJobScheduler(NIGHTLY_SCHEDULER_ID);
}

/** When the nightly run fires next (ms since epoch), or null when no schedule is active. */
export async function nextNightlyRun(queue: Queue<RunRequest>): Promise<number | null> {
  const scheduler = await queue.getJobScheduler(NIGHTLY_SCHEDULER_ID);
  return scheduler?.next ?? null;
}
