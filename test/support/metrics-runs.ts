import { Queue } from 'bullmq';
import type { EntityManager } from '@mikro-orm/knex';
import { METRICS_QUEUES } from '../../lib/jobs/metrics-jobs.js';
import { MetricSnapshot, StallFlagRecord } from '../../lib/hub-database/entities/index.js';
import { ANALYST, VIEWER } from '../../bench/support/hub-tokens.js';
import type { MetricsHubHarness } from './metrics-harness.js';

/** GraphQL of the metric runs, as an analyst's dashboard sends it through the gateway. */
export const RUN_METRICS = `mutation($asOf: LocalDate, $prefectures: [String!]) {
  runMetrics(asOf: $asOf, prefectures: $prefectures) { id state asOf prefectures trigger } }`;

const RUN_STATUS = `query($id: ID!) { metricRun(id: $id) {
  id asOf trigger requestedBy state prefectures missingPrefectures newFlags clearedFlags error queuedAt startedAt finishedAt
  progress { prefectureCode state projectsRead attempts startedAt finishedAt error } } }`;

interface RunProgress {
  prefectureCode: string;
  state: string;
  projectsRead: number;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface RunStatus {
  id: string;
  asOf: string;
  trigger: string;
  requestedBy: string;
  state: string;
  prefectures: string[];
  missingPrefectures: string[];
  newFlags: number;
  clearedFlags: number;
  error: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  progress: RunProgress[];
}

export const FINAL_RUN_STATES = ['COMPLETED', 'PARTIAL', 'FAILED'];

/** A run as the gateway serves it (null if there is no such run). */
export async function runStatus(harness: MetricsHubHarness, id: string): Promise<RunStatus | null> {
  const result = await harness.hub.query<{ metricRun: RunStatus | null }>(RUN_STATUS, { id }, ANALYST);
  if (result.errors?.length) throw new Error(`metricRun(${id}) failed: ${JSON.stringify(result.errors)}`);
  return result.data?.metricRun ?? null;
}

/** Polls the run through the gateway until it is COMPLETED, PARTIAL or FAILED. */
export async function waitForRun(harness: MetricsHubHarness, id: string, timeoutMs = 60_000): Promise<RunStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await runStatus(harness, id);
    if (run && FINAL_RUN_STATES.includes(run.state)) return run;
    if (Date.now() > deadline)
      throw new Error(`run ${id} did not finish within ${timeoutMs} ms: ${JSON.stringify(run)}`);
    await sleep(250);
  }
}

/** An analyst's "run now" through the gateway; returns the run id (fails the test on errors). */
export async function requestRun(harness: MetricsHubHarness, asOf: string, prefectures?: string[]): Promise<string> {
  const result = await harness.hub.query(RUN_METRICS, { asOf, prefectures }, ANALYST);
  if (result.errors?.length || !result.data?.runMetrics)
    throw new Error(`runMetrics(${asOf}) failed: ${JSON.stringify(result.errors)}`);
  return result.data.runMetrics.id as string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value; throws naming `what` after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T> | T,
  timeoutMs = 20_000,
  everyMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(everyMs);
  }
}

const METRIC_FIELDS = `projects signed performing started producing landed agreedInvestment fundsInPlace
  byStage { negotiating signed preparing underConstruction partiallyProducing operating atCapacity terminated }
  performanceRate { percent numerator denominator } startRate { percent numerator denominator }
  productionRate { percent numerator denominator } fundsRate { percent numerator denominator }
  landingRate { percent numerator denominator } missingPrefectures`;

/** The seed's reference cohort: 2018, provincial major event. */
const COHORT_2018 = { year: 2018, signingLevel: 'PROVINCIAL_MAJOR_EVENT' } as const;

const FIGURES = `query($asOf: LocalDate, $cohort: CohortInput) {
  all: metrics(asOf: $asOf) { ${METRIC_FIELDS} }
  cohort: metrics(asOf: $asOf, cohort: $cohort) { ${METRIC_FIELDS} }
  prefectures { code metrics(asOf: $asOf) { ${METRIC_FIELDS} } }
}`;

export interface Figures {
  /** Province, all projects. */
  all: Record<string, any> | null;
  /** Province, the 2018 provincial-major-event cohort. */
  cohort: Record<string, any> | null;
  /** Each prefecture's figures (null when it has none on that date). */
  prefectures: Record<string, Record<string, any> | null>;
}

/** The figures a dashboard reads for a date, without the date itself, so two dates compare. */
export async function figuresOn(harness: MetricsHubHarness, asOf: string): Promise<Figures> {
  const result = await harness.hub.query(FIGURES, { asOf, cohort: COHORT_2018 }, VIEWER);
  if (result.errors?.length) throw new Error(`figures of ${asOf} failed: ${JSON.stringify(result.errors)}`);
  const data = result.data!;
  return {
    all: data.all,
    cohort: data.cohort,
    prefectures: Object.fromEntries(data.prefectures.map((p: any) => [p.code, p.metrics])),
  };
}

/**
 * Every snapshot and flag row of a date, stripped of ids and run ids: what a run of that date
 * wrote, comparable between runs (and sorted, so order does not matter).
 */
export async function rowsOn(
  harness: MetricsHubHarness,
  asOf: string,
): Promise<{ snapshots: string[]; flags: string[] }> {
  const em = harness.hub.provinceOrm.em.fork() as EntityManager;
  const snapshots = (await em.find(MetricSnapshot, { asOf })).map(({ id: _id, runId: _run, ...row }) =>
    JSON.stringify(row, bigints),
  );
  const flags = (await em.find(StallFlagRecord, { asOf })).map(({ id: _id, runId: _run, ...row }) =>
    JSON.stringify(row, bigints),
  );
  return { snapshots: snapshots.sort(), flags: flags.sort() };
}

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/** The prefecture-job queue of the harness (close it after use). */
export function prefectureQueue(harness: MetricsHubHarness): Queue {
  return new Queue(METRICS_QUEUES.prefecture, { connection: harness.redis, prefix: harness.prefix });
}
