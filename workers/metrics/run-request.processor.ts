import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { FlowProducer, Job } from 'bullmq';
import { todayIn } from '../../lib/calendar.js';
import type { RunRequest } from '../../lib/jobs/metrics-jobs.js';
import { ensureRun } from '../../lib/hub-database/store/metric-runs.store.js';
import { addRunFlow, type PrefectureRetryPolicy } from './run-flow.js';
import { registeredPrefectureCodes } from '../../lib/hub-database/store/registry.store.js';

export interface RunRequestDeps {
  readonly orm: MikroORM;
  readonly flows: FlowProducer;
  readonly retry: PrefectureRetryPolicy;
  /** Time zone of "today" for scheduled runs. */
  readonly timezone: string;
  readonly prefix: string;
}

/**
 * Turns a run request (the scheduler's nightly job or an analyst's "run now") into the run's flow:
 * one job per prefecture of the registry (or of the request), and the rollup after them.
 */
export function runRequestProcessor(deps: RunRequestDeps) {
  return async (job: Job<RunRequest>): Promise<{ runId: string }> => {
    const em = deps.orm.em.fork() as EntityManager;
    // A scheduler's job is created ahead of time: its date is when it is due to fire (BullMQ keeps
    // that as `prevMillis`), not when it was created.
    const firesAt = (job.opts as { prevMillis?: number }).prevMillis ?? job.timestamp + (job.delay ?? 0);
    const asOf = job.data.asOf ?? todayIn(deps.timezone, new Date(firesAt));
    // The scheduler's jobs come without a run id: derive it from the job id, so a retry reuses it.
    const runId =
      job.data.runId ??
      `run-${asOf.replace(/-/g, '')}-scheduled-${String(job.id).replace(/[^A-Za-z0-9]+/g, '-')}`.slice(0, 64);
    const prefectures = job.data.prefectures?.length ? [...job.data.prefectures] : await registeredPrefectureCodes(em);
    await ensureRun(em, runId, asOf, prefectures, job.data);
    await addRunFlow(deps.flows, { runId, asOf, prefectures, requestId: job.data.requestId }, deps.retry, deps.prefix);
    return { runId };
  };
}
