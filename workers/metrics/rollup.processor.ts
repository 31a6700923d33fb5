import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Job } from 'bullmq';
import type { RollupJobData, RunState } from '../../lib/jobs/metrics-jobs.js';
import { MetricRunPrefecture } from '../../lib/hub-database/entities/index.js';
import { writeTransaction } from '../../lib/db/write-transaction.js';
import { loadLandingDefinition } from '../../lib/hub-database/store/hub-settings.store.js';
import { finishRun, markPrefectureFailed } from '../../lib/hub-database/store/metric-runs.store.js';
import { rollUpProvince } from '../../lib/hub-database/store/metric-snapshots.store.js';

export interface RollupJobResult {
  readonly state: RunState;
  readonly missing: readonly string[];
}

/**
 * Runs once every prefecture job of a run has finished or failed for good: sums the prefectures'
 * counts of the date into the province's (never averaging rates) and closes the run as COMPLETED,
 * PARTIAL (naming the missing prefectures) or FAILED.
 */
export function rollupProcessor(deps: { readonly orm: MikroORM }) {
  return async (job: Job<RollupJobData>): Promise<RollupJobResult> => {
    const { runId, asOf } = job.data;
    const em = deps.orm.em.fork() as EntityManager;
    const failures = Object.values(await job.getIgnoredChildrenFailures());
    const progress = await em.find(MetricRunPrefecture, { runId });
    const missing = progress.filter((p) => p.state !== 'DONE').map((p) => p.prefectureCode);
    for (const row of progress.filter((p) => p.state !== 'DONE' && p.state !== 'FAILED')) {
      await markPrefectureFailed(em, runId, row.prefectureCode, failures[0] ?? 'did not finish');
    }
    const landing = await loadLandingDefinition(em);
    await writeTransaction(em, (tx) => rollUpProvince(tx, asOf, runId, landing));
    const run = await finishRun(em, runId, asOf, missing);
    return { state: run.state, missing };
  };
}
