/**
 * The metric-job contract between the province subgraph (which enqueues runs and schedules) and
 * the workers (which process them): queue names, job names, job data. Both sides import this.
 */

import { HUB_TIME_ZONE } from '../calendar.js';

/**
 * Every queue of the metrics flow shares this prefix. The braces make it a Redis Cluster hash tag,
 * so a flow's parent and children live in one slot, as BullMQ requires.
 */
export const QUEUE_PREFIX = '{hub}';

export const METRICS_QUEUES = {
  /** Run requests: the nightly scheduler's jobs and analysts' "run now". */
  runs: 'metrics-runs',
  /** One job per prefecture and run. */
  prefecture: 'metrics-prefecture',
  /** One job per run, parent of the prefecture jobs. */
  rollup: 'metrics-rollup',
} as const;

/** Stable id of the nightly job scheduler (upserted, never duplicated). */
export const NIGHTLY_SCHEDULER_ID = 'nightly-metrics';
export const DEFAULT_SCHEDULE = { pattern: '0 2 * * *', timezone: HUB_TIME_ZONE } as const;

/** Data of a job in the runs queue. */
export interface RunRequest {
  /** Set when an analyst asked for the run (the run row already exists); absent for the scheduler. */
  readonly runId?: string;
  /** 'YYYY-MM-DD'; absent: the run's start date in Asia/Shanghai. */
  readonly asOf?: string;
  /** Absent: every prefecture of the registry. */
  readonly prefectures?: readonly string[];
  readonly requestedBy: string;
  readonly trigger: 'SCHEDULE' | 'MANUAL';
  /** The gateway request id of an analyst's "run now", carried into the run's jobs and their logs. */
  readonly requestId?: string;
}

/** Data of one prefecture's job in a run. */
export interface PrefectureJobData {
  readonly runId: string;
  readonly asOf: string;
  readonly prefectureCode: string;
  /** Of the run request, when an analyst asked for the run (see RunRequest). */
  readonly requestId?: string;
}

/** Data of a run's rollup job. */
export interface RollupJobData {
  readonly runId: string;
  readonly asOf: string;
  readonly prefectures: readonly string[];
  /** Of the run request, when an analyst asked for the run (see RunRequest). */
  readonly requestId?: string;
}

/** Job ids may not contain ':' in BullMQ; these are deterministic so re-adding a run is a no-op. */
export const prefectureJobId = (runId: string, code: string) => `${runId}-${code}`;
export const rollupJobId = (runId: string) => `${runId}-rollup`;

/** A run id: readable, sortable by time, unique enough per hub. */
export function newRunId(asOf: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  return `run-${asOf.replace(/-/g, '')}-${stamp}-${Math.random().toString(36).slice(2, 6)}`;
}

export type RunState = 'QUEUED' | 'RUNNING' | 'COMPLETED' | 'PARTIAL' | 'FAILED';
export type PrefectureRunState = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
