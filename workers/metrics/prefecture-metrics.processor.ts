import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { UnrecoverableError, type Job } from 'bullmq';
import type { PrefectureJobData } from '../../lib/jobs/metrics-jobs.js';
import { writeTransaction } from '../../lib/db/write-transaction.js';
import { loadLandingDefinition, loadStallThresholds } from '../../lib/hub-database/store/hub-settings.store.js';
import {
  markPrefectureDone,
  markPrefectureRunning,
  recordProjectsRead,
} from '../../lib/hub-database/store/metric-runs.store.js';
import { replaceSnapshots } from '../../lib/hub-database/store/metric-snapshots.store.js';
import { replaceFlags, type FlaggedProjectSet } from '../../lib/hub-database/store/stall-flags.store.js';
import {
  evaluateStallRules,
  MetricsAccumulator,
  StallEvaluationError,
  type ProjectFacts,
  type StallFlag,
  type StallThresholds,
} from '../../lib/metrics-rules/index.js';

export interface PrefectureProcessorDeps {
  /** The hub database. */
  readonly orm: MikroORM;
  /** One prefecture's projects, page by page, from the provincial graph. */
  readonly readFacts: (prefectureCode: string) => AsyncIterable<ProjectFacts[]>;
}

export interface PrefectureJobResult {
  readonly projects: number;
  readonly flags: number;
}

/**
 * One prefecture's nightly work: read every project through the graph, count them per dimension,
 * evaluate the stall rules, then replace that prefecture's results of the date in one transaction.
 * Idempotent: a retry, a rerun or a second worker after a crash writes the same rows.
 */
export function prefectureMetricsProcessor(deps: PrefectureProcessorDeps) {
  return async (job: Job<PrefectureJobData>): Promise<PrefectureJobResult> => {
    const { runId, asOf, prefectureCode } = job.data;
    const em = deps.orm.em.fork() as EntityManager;
    await markPrefectureRunning(em, runId, prefectureCode, job.attemptsMade + 1);
    const [thresholds, landing] = [await loadStallThresholds(em), await loadLandingDefinition(em)];
    const metrics = new MetricsAccumulator({ landing });
    const flags: StallFlag[] = [];
    // Cohort and industry of the flagged projects only: the stalled list filters by them.
    const flaggedSets = new Map<string, FlaggedProjectSet>();
    let read = 0;
    for await (const page of deps.readFacts(prefectureCode)) {
      metrics.add(page);
      for (const facts of page) {
        const raised = evaluate(facts, asOf, thresholds);
        if (!raised.length) continue;
        flags.push(...raised);
        const { cohortYear, signingLevel, eventKind, industry } = facts;
        flaggedSets.set(facts.id, { cohortYear, signingLevel, eventKind, industry });
      }
      read += page.length;
      await Promise.all([job.updateProgress(read), recordProjectsRead(em, runId, prefectureCode, read)]);
    }
    await writeTransaction(em, async (tx) => {
      await replaceSnapshots(tx, asOf, runId, prefectureCode, metrics.result());
      await replaceFlags(tx, asOf, runId, prefectureCode, flags, (id) => flaggedSets.get(id));
      await markPrefectureDone(tx, runId, prefectureCode, read);
    });
    return { projects: read, flags: flags.length };
  };
}

/** Facts no retry can fix (a malformed date in a project) fail the job at once, naming the project. */
function evaluate(facts: ProjectFacts, asOf: string, thresholds: StallThresholds): StallFlag[] {
  try {
    return evaluateStallRules(facts, asOf, thresholds);
  } catch (error) {
    if (error instanceof StallEvaluationError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
