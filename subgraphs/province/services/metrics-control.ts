import { CronExpressionParser } from 'cron-parser';
import { badInput, ErrorCode, hubError } from '../../../lib/errors.js';
import { newRunId, type RunRequest } from '../../../lib/jobs/metrics-jobs.js';
import {
  nextNightlyRun,
  removeNightlySchedule,
  requestRun,
  upsertNightlySchedule,
} from '../../../lib/jobs/metrics.queue.js';
import { HUB_TIME_ZONE, isIsoDate, todayIn } from '../../../lib/calendar.js';
import type { ProvinceContext } from '../context.js';
import { MetricRun } from '../../../lib/hub-database/entities/index.js';
import {
  loadMinimumScheduleInterval,
  loadSchedule,
  saveMinimumScheduleInterval,
  saveSchedule,
  type MetricsSchedule,
} from '../../../lib/hub-database/store/hub-settings.store.js';
import { changeSettings } from '../../../lib/hub-database/store/settings-change.js';
import { describeGap, shortestGapMs } from './schedule-gap.js';
import { ensureRun } from '../../../lib/hub-database/store/metric-runs.store.js';
import { audit } from '../../../lib/hub-database/store/audit.store.js';
import type { MetricsScheduleView } from '../graphql/types/metrics-schedule.type.js';
import { registeredPrefectureCodes } from '../../../lib/hub-database/store/registry.store.js';

function requireRuns(ctx: ProvinceContext) {
  if (!ctx.runs)
    throw hubError(ErrorCode.JOBS_UNAVAILABLE, 'metric jobs are not configured on this hub (no REDIS_URL)');
  return ctx.runs;
}

/** Wraps a Redis call so an outage reads as JOBS_UNAVAILABLE, not as an internal error. */
async function onRedis<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw hubError(ErrorCode.JOBS_UNAVAILABLE, `could not ${what}: Redis is unreachable (${(error as Error).message})`);
  }
}

/**
 * An analyst's "run now", for any date up to today, all prefectures or the ones named: records
 * the run (in the caller's transaction, so it is written once per Idempotency-Key). `queueRun`
 * then hands it to the workers.
 */
export async function recordRunRequest(
  ctx: ProvinceContext,
  asOf: string | null | undefined,
  prefectures: readonly string[] | null | undefined,
): Promise<MetricRun> {
  requireRuns(ctx);
  const today = todayIn(HUB_TIME_ZONE);
  const date = asOf ?? today;
  if (!isIsoDate(date)) throw badInput('asOf', 'must be a date YYYY-MM-DD');
  if (date > today) throw badInput('asOf', `must not be after today (${today})`);
  const registry = await registeredPrefectureCodes(ctx.em);
  const unknown = (prefectures ?? []).filter((code) => !registry.includes(code));
  if (unknown.length) throw badInput('prefectures', `not in the registry: ${unknown.join(', ')}`);
  const codes = prefectures?.length ? registry.filter((code) => prefectures.includes(code)) : registry;
  const runId = newRunId(date);
  const run = await ensureRun(ctx.em, runId, date, codes, runRequestOf(ctx, runId, date, codes));
  await audit(ctx.em, ctx.actor, 'runMetrics', { runId, asOf: date, prefectures: codes });
  return run;
}

/**
 * Queues a recorded run, after its transaction committed. The job id is the run id, so queueing a
 * run again (the retry of a request whose answer was lost) adds nothing.
 */
export async function queueRun(ctx: ProvinceContext, run: MetricRun): Promise<MetricRun> {
  if (run.state !== 'QUEUED') return run;
  const queue = requireRuns(ctx);
  try {
    await onRedis('queue the run', () => requestRun(queue, runRequestOf(ctx, run.id, run.asOf, run.prefectures)));
  } catch (error) {
    // `run` was loaded by the committed transaction's own EntityManager: update the row directly.
    const failed = { state: 'FAILED' as const, error: (error as Error).message, finishedAt: new Date() };
    await ctx.em.nativeUpdate(MetricRun, { id: run.id }, failed);
    Object.assign(run, failed);
    throw error;
  }
  return run;
}

function runRequestOf(ctx: ProvinceContext, runId: string, asOf: string, prefectures: readonly string[]): RunRequest {
  const { subject, requestId } = ctx.actor;
  return { runId, asOf, prefectures: [...prefectures], requestedBy: subject, trigger: 'MANUAL', requestId };
}

export async function scheduleView(ctx: ProvinceContext): Promise<MetricsScheduleView> {
  const schedule = await loadSchedule(ctx.em);
  const minimumIntervalMinutes = await loadMinimumScheduleInterval(ctx.em);
  const next = schedule.paused || !ctx.runs ? null : await nextNightlyRun(ctx.runs).catch(() => null);
  return { ...schedule, minimumIntervalMinutes, nextRunAt: next ? new Date(next) : null };
}

/** Bounds of the minimum interval admins may set: a minute to a week. */
const MINIMUM_INTERVAL_BOUNDS = { min: 1, max: 7 * 24 * 60 } as const;

/**
 * Sets the shortest time allowed between two scheduled runs. Checked when a pattern is set; the
 * schedule in force stays as it is.
 */
export async function setMinimumScheduleInterval(ctx: ProvinceContext, minutes: number): Promise<MetricsScheduleView> {
  const { min, max } = MINIMUM_INTERVAL_BOUNDS;
  if (!Number.isInteger(minutes) || minutes < min || minutes > max) {
    throw badInput('minutes', `must be a whole number of minutes from ${min} to ${max} (a week); got ${minutes}`);
  }
  await changeSettings(ctx.em, async (tx) => {
    await saveMinimumScheduleInterval(tx, minutes, ctx.actor.subject);
    await audit(tx, ctx.actor, 'setMinimumScheduleInterval', { minutes });
  });
  return scheduleView(ctx);
}

/** Refuses a pattern whose runs would come closer together than admins allow, saying how close. */
async function checkInterval(ctx: ProvinceContext, pattern: string, timezone: string): Promise<void> {
  const minimumMinutes = await loadMinimumScheduleInterval(ctx.em);
  const shortest = shortestGapMs(pattern, timezone, new Date());
  if (shortest === null || shortest >= minimumMinutes * 60_000) return;
  throw badInput(
    'pattern',
    `runs as little as ${describeGap(shortest)} apart; scheduled runs must be at least ` +
      `${describeGap(minimumMinutes * 60_000)} apart (the minimum an admin sets with setMinimumScheduleInterval)`,
  );
}

/** Changes when the nightly run fires; the pattern is checked in the given time zone first. */
export async function changeSchedule(
  ctx: ProvinceContext,
  pattern: string,
  timezone: string,
): Promise<MetricsScheduleView> {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw badInput('timezone', `${JSON.stringify(timezone)} is not an IANA time zone such as ${HUB_TIME_ZONE}`);
  }
  try {
    CronExpressionParser.parse(pattern, { tz: timezone });
  } catch (error) {
    throw badInput(
      'pattern',
      `is not a cron pattern (${(error as Error).message}); e.g. "0 2 * * *" is 02:00 every day`,
    );
  }
  await checkInterval(ctx, pattern, timezone);
  const current = await loadSchedule(ctx.em);
  return applySchedule(ctx, { pattern, timezone, paused: current.paused });
}

export async function setSchedulePaused(ctx: ProvinceContext, paused: boolean): Promise<MetricsScheduleView> {
  return applySchedule(ctx, { ...(await loadSchedule(ctx.em)), paused });
}

async function applySchedule(ctx: ProvinceContext, schedule: MetricsSchedule): Promise<MetricsScheduleView> {
  const queue = requireRuns(ctx);
  await onRedis('change the schedule', () =>
    schedule.paused ? removeNightlySchedule(queue) : upsertNightlySchedule(queue, schedule.pattern, schedule.timezone),
  );
  await changeSettings(ctx.em, async (tx) => {
    await saveSchedule(tx, schedule, ctx.actor.subject);
    await audit(tx, ctx.actor, 'setMetricsSchedule', { ...schedule });
  });
  return scheduleView(ctx);
}
