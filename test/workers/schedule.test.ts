import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { NIGHTLY_SCHEDULER_ID, type RunRequest } from '../../lib/jobs/metrics-jobs.js';
import { PREFECTURES } from '../../schema/prefectures.js';
import { nextNightlyRun, runsQueue, upsertNightlySchedule } from '../../lib/jobs/metrics.queue.js';
import { ADMIN, ANALYST, VIEWER } from '../../bench/support/hub-tokens.js';
import {
  connectTestRedis,
  deleteQueueKeys,
  startMetricsHub,
  testQueuePrefix,
  type MetricsHubHarness,
} from '../support/metrics-harness.js';
import { figuresOn, waitForRun, waitUntil } from '../support/metrics-runs.js';

const at = (iso: string) => Date.parse(iso);

describe('the nightly schedule in its time zone (fake clock)', () => {
  let redis: Redis;
  let prefix: string;
  let queue: Queue<RunRequest>;

  beforeAll(async () => {
    redis = await connectTestRedis();
    prefix = testQueuePrefix();
    queue = runsQueue(redis, prefix);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await queue?.removeJobScheduler(NIGHTLY_SCHEDULER_ID).catch(() => undefined);
    await queue?.close();
    if (redis) await deleteQueueKeys(redis, prefix);
    redis?.disconnect();
  });

  /** Upserts the schedule with the clock at `now` and returns when it fires next (ISO). */
  async function nextAfter(now: string, pattern: string, timezone: string): Promise<string | null> {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(now));
    await upsertNightlySchedule(queue, pattern, timezone);
    const next = await nextNightlyRun(queue);
    vi.useRealTimers();
    return next === null ? null : new Date(next).toISOString();
  }

  it('fires 02:00 Asia/Shanghai at 18:00 UTC of the previous UTC day', async () => {
    expect(await nextAfter('2026-11-26T17:59:00Z', '0 2 * * *', 'Asia/Shanghai')).toBe('2026-11-26T18:00:00.000Z');
    expect(await nextAfter('2026-11-26T17:59:59.999Z', '0 2 * * *', 'Asia/Shanghai')).toBe('2026-11-26T18:00:00.000Z');
    expect(await nextAfter('2026-11-26T18:01:00Z', '0 2 * * *', 'Asia/Shanghai')).toBe('2026-11-27T18:00:00.000Z');
    // Across a UTC month and year end.
    expect(await nextAfter('2026-12-31T18:30:00Z', '0 2 * * *', 'Asia/Shanghai')).toBe('2027-01-01T18:00:00.000Z');
  });

  it('fires at 02:00Z when the time zone is UTC', async () => {
    expect(await nextAfter('2026-11-26T17:59:00Z', '0 2 * * *', 'UTC')).toBe('2026-11-27T02:00:00.000Z');
    expect(await nextAfter('2026-11-26T01:59:00Z', '0 2 * * *', 'UTC')).toBe('2026-11-26T02:00:00.000Z');
  });

  it('keeps one scheduler and one pending job however often it is changed', async () => {
    await nextAfter('2026-11-26T17:59:00Z', '0 2 * * *', 'Asia/Shanghai');
    await nextAfter('2026-11-26T17:59:00Z', '0 2 * * *', 'UTC');
    await nextAfter('2026-11-26T17:59:00Z', '30 3 * * *', 'Asia/Shanghai');
    expect(await queue.getJobSchedulersCount()).toBe(1);
    const scheduler = await queue.getJobScheduler(NIGHTLY_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ pattern: '30 3 * * *', tz: 'Asia/Shanghai', next: at('2026-11-26T19:30:00Z') });
    const delayed = await queue.getDelayed();
    expect(delayed.map((job) => job.id)).toEqual([`repeat:${NIGHTLY_SCHEDULER_ID}:${at('2026-11-26T19:30:00Z')}`]);
    expect(delayed[0].data).toEqual({ trigger: 'SCHEDULE', requestedBy: 'scheduler' });
  });
});

/** The next instant after now at hh:mm UTC: an oracle independent of cron parsing. */
function nextUtc(hour: number, minute: number, now = Date.now()): string {
  const day = new Date(now);
  let candidate = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute);
  if (candidate <= now) candidate += 24 * 3600_000;
  return new Date(candidate).toISOString();
}

const SCHEDULE = '{ metricsSchedule { pattern timezone paused nextRunAt } }';
const SET = `mutation($pattern: String!, $timezone: String!) { setMetricsSchedule(pattern: $pattern, timezone: $timezone) { pattern timezone paused nextRunAt } }`;
const PAUSE = 'mutation { pauseMetricsSchedule { pattern timezone paused nextRunAt } }';
const RESUME = 'mutation { resumeMetricsSchedule { pattern timezone paused nextRunAt } }';

describe('the schedule through the gateway', () => {
  let harness: MetricsHubHarness;

  beforeAll(async () => {
    harness = await startMetricsHub();
  }, 120_000);
  afterAll(async () => {
    await harness?.runs.removeJobScheduler(NIGHTLY_SCHEDULER_ID).catch(() => undefined);
    await harness?.close();
  });

  const schedule = async () => (await harness.hub.query(SCHEDULE, {}, VIEWER)).data!.metricsSchedule;
  const scheduler = () => harness.runs.getJobScheduler(NIGHTLY_SCHEDULER_ID);

  it('lets an analyst change the pattern and time zone; nextRunAt follows', async () => {
    const shanghai = await harness.hub.query(SET, { pattern: '30 3 * * *', timezone: 'Asia/Shanghai' }, ANALYST);
    expect(shanghai.errors).toBeUndefined();
    const expected = { pattern: '30 3 * * *', timezone: 'Asia/Shanghai', paused: false, nextRunAt: nextUtc(19, 30) };
    expect(shanghai.data!.setMetricsSchedule).toEqual(expected);
    expect(await schedule()).toEqual(expected);
    expect(await scheduler()).toMatchObject({
      pattern: '30 3 * * *',
      tz: 'Asia/Shanghai',
      next: Date.parse(expected.nextRunAt),
    });

    const utc = await harness.hub.query(SET, { pattern: '0 2 * * *', timezone: 'UTC' }, ANALYST);
    expect(utc.data!.setMetricsSchedule).toEqual({
      pattern: '0 2 * * *',
      timezone: 'UTC',
      paused: false,
      nextRunAt: nextUtc(2, 0),
    });
    expect(await scheduler()).toMatchObject({ pattern: '0 2 * * *', tz: 'UTC' });
    expect(await harness.runs.getJobSchedulersCount()).toBe(1);

    const back = await harness.hub.query(SET, { pattern: '0 2 * * *', timezone: 'Asia/Shanghai' }, ANALYST);
    expect(back.data!.setMetricsSchedule.nextRunAt).toBe(nextUtc(18, 0));
  });

  it('pausing removes the scheduler and its pending job; resuming restores them', async () => {
    // Its own starting point, whatever the tests before it left.
    expect(
      (await harness.hub.query(SET, { pattern: '0 2 * * *', timezone: 'Asia/Shanghai' }, ANALYST)).errors,
    ).toBeUndefined();
    const paused = await harness.hub.query(PAUSE, {}, ANALYST);
    expect(paused.errors).toBeUndefined();
    expect(paused.data!.pauseMetricsSchedule).toEqual({
      pattern: '0 2 * * *',
      timezone: 'Asia/Shanghai',
      paused: true,
      nextRunAt: null,
    });
    expect(await schedule()).toEqual({
      pattern: '0 2 * * *',
      timezone: 'Asia/Shanghai',
      paused: true,
      nextRunAt: null,
    });
    expect(await scheduler()).toBeUndefined();
    expect(await harness.runs.getDelayedCount()).toBe(0);

    // Changing the pattern while paused keeps it paused.
    const changed = await harness.hub.query(SET, { pattern: '15 4 * * *', timezone: 'Asia/Shanghai' }, ANALYST);
    expect(changed.data!.setMetricsSchedule).toEqual({
      pattern: '15 4 * * *',
      timezone: 'Asia/Shanghai',
      paused: true,
      nextRunAt: null,
    });
    expect(await scheduler()).toBeUndefined();

    const resumed = await harness.hub.query(RESUME, {}, ANALYST);
    expect(resumed.errors).toBeUndefined();
    expect(resumed.data!.resumeMetricsSchedule).toEqual({
      pattern: '15 4 * * *',
      timezone: 'Asia/Shanghai',
      paused: false,
      nextRunAt: nextUtc(20, 15),
    });
    expect(await scheduler()).toMatchObject({ pattern: '15 4 * * *', tz: 'Asia/Shanghai' });
    expect(await harness.runs.getDelayedCount()).toBe(1);
  });

  it('refuses a bad cron pattern or time zone with BAD_USER_INPUT naming the field, changing nothing', async () => {
    const before = await schedule();
    const cases = [
      { pattern: 'every night at two', timezone: 'Asia/Shanghai', field: 'pattern' },
      { pattern: '0 25 * * *', timezone: 'Asia/Shanghai', field: 'pattern' },
      { pattern: '0 2 * * *', timezone: 'Asia/Shanghia', field: 'timezone' },
      { pattern: '0 2 * * *', timezone: 'Mars/Olympus_Mons', field: 'timezone' },
    ];
    for (const { pattern, timezone, field } of cases) {
      const result = await harness.hub.query(SET, { pattern, timezone }, ANALYST);
      expect(result.data ?? null, `${pattern} ${timezone}`).toBeNull();
      expect(result.errors?.[0], `${pattern} ${timezone}`).toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field },
      });
    }
    expect(await schedule()).toEqual(before);
    expect(await scheduler()).toMatchObject({ pattern: before.pattern, tz: before.timezone });
  });

  it('refuses a pattern whose runs come closer than the minimum interval, saying how close and the minimum', async () => {
    const before = await schedule();
    const cases = [
      { pattern: '* * * * * *', shortest: '1 s' },
      { pattern: '*/5 * * * *', shortest: '5 min' },
      // Short only once a day: 00:00 then 00:30, then nearly a day until the next.
      { pattern: '0,30 0 * * *', shortest: '30 min' },
    ];
    for (const { pattern, shortest } of cases) {
      const result = await harness.hub.query(SET, { pattern, timezone: 'Asia/Shanghai' }, ANALYST);
      expect(result.data ?? null, pattern).toBeNull();
      expect(result.errors?.[0], pattern).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'pattern' } });
      expect(result.errors?.[0].message, pattern).toContain(`as little as ${shortest} apart`);
      expect(result.errors?.[0].message, pattern).toContain('at least 1 h apart');
    }
    expect(await schedule()).toEqual(before);
    expect(await scheduler()).toMatchObject({ pattern: before.pattern, tz: before.timezone });
  });

  it('lets only an admin change the minimum interval, within bounds; a pattern is checked against the one in force', async () => {
    const SET_MINIMUM =
      'mutation($minutes: Int!) { setMinimumScheduleInterval(minutes: $minutes) { minimumIntervalMinutes } }';
    const minimum = async () =>
      (await harness.hub.query('{ metricsSchedule { minimumIntervalMinutes } }', {}, VIEWER)).data!.metricsSchedule;
    expect(await minimum()).toEqual({ minimumIntervalMinutes: 60 });
    try {
      // 00:00 and 01:00 each day: one hour apart, allowed at the default of an hour.
      expect(
        (await harness.hub.query(SET, { pattern: '0 0,1 * * *', timezone: 'Asia/Shanghai' }, ANALYST)).errors,
      ).toBeUndefined();
      expect((await harness.hub.query(SET_MINIMUM, { minutes: 120 }, ANALYST)).errors?.[0].extensions?.code).toBe(
        'FORBIDDEN',
      );
      for (const minutes of [0, -5, 10_081]) {
        const refused = await harness.hub.query(SET_MINIMUM, { minutes }, ADMIN);
        expect(refused.errors?.[0], String(minutes)).toMatchObject({
          extensions: { code: 'BAD_USER_INPUT', field: 'minutes' },
        });
      }
      expect(await minimum()).toEqual({ minimumIntervalMinutes: 60 });

      const raised = await harness.hub.query(SET_MINIMUM, { minutes: 120 }, ADMIN);
      expect(raised.errors).toBeUndefined();
      expect(raised.data!.setMinimumScheduleInterval).toEqual({ minimumIntervalMinutes: 120 });
      expect(await minimum()).toEqual({ minimumIntervalMinutes: 120 });
      // The schedule in force stays; setting that pattern again is now refused.
      expect(await schedule()).toMatchObject({ pattern: '0 0,1 * * *' });
      const refused = await harness.hub.query(SET, { pattern: '0 0,1 * * *', timezone: 'Asia/Shanghai' }, ANALYST);
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'pattern' } });
      expect(refused.errors?.[0].message).toContain(
        'as little as 1 h apart; scheduled runs must be at least 2 h apart',
      );
      expect(
        (await harness.hub.query(SET, { pattern: '0 0,2 * * *', timezone: 'Asia/Shanghai' }, ANALYST)).errors,
      ).toBeUndefined();
    } finally {
      await harness.hub.query(SET_MINIMUM, { minutes: 60 }, ADMIN);
    }
  });

  it('refuses viewers with FORBIDDEN', async () => {
    const before = await schedule();
    for (const [mutation, variables] of [
      [SET, { pattern: '0 5 * * *', timezone: 'UTC' }],
      [PAUSE, {}],
      [RESUME, {}],
    ] as const) {
      const result = await harness.hub.query(mutation, variables, VIEWER);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    expect(await schedule()).toEqual(before);
  });

  it('runs a scheduled job (no run id) through the workers as a SCHEDULE run of today in Asia/Shanghai', async () => {
    // A scheduler of its own to copy the nightly job from, whatever the tests before it left.
    expect(
      (await harness.hub.query(SET, { pattern: '0 2 * * *', timezone: 'Asia/Shanghai' }, ANALYST)).errors,
    ).toBeUndefined();
    const workers = harness.startWorkers();
    // The nightly scheduler, made to fire now: the job it emits is what the nightly one emits.
    const template = await harness.runs.getJobScheduler(NIGHTLY_SCHEDULER_ID);
    expect(template?.template?.data).toEqual({ trigger: 'SCHEDULE', requestedBy: 'scheduler' });
    const firedFrom = Date.now();
    await harness.runs.upsertJobScheduler(
      NIGHTLY_SCHEDULER_ID,
      { every: 60_000 },
      { name: 'nightly', data: template!.template!.data as RunRequest },
    );
    const found = await waitUntil(
      'a SCHEDULE run',
      async () => {
        const runs = (await harness.hub.query(`{ metricRuns(first: 50) { id trigger } }`, {}, ANALYST)).data!
          .metricRuns as { id: string; trigger: string }[];
        return runs.find((run) => run.trigger === 'SCHEDULE');
      },
      20_000,
      100,
    );
    await harness.runs.removeJobScheduler(NIGHTLY_SCHEDULER_ID);

    const scheduled = await waitForRun(harness, found.id);
    const today = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(new Date(firedFrom));
    expect(scheduled).toMatchObject({
      trigger: 'SCHEDULE',
      requestedBy: 'scheduler',
      state: 'COMPLETED',
      asOf: today,
      missingPrefectures: [],
    });
    expect(scheduled.prefectures).toEqual(PREFECTURES.map((p) => p.code));
    for (const progress of scheduled.progress)
      expect(progress, progress.prefectureCode).toMatchObject({ state: 'DONE', attempts: 1 });
    expect((await figuresOn(harness, today)).cohort).toMatchObject({ signed: 110, performing: 84, started: 58 });
    // Exactly one run came of it.
    const runs = (await harness.hub.query(`{ metricRuns(first: 50) { id trigger } }`, {}, ANALYST)).data!
      .metricRuns as { trigger: string }[];
    expect(runs.filter((run) => run.trigger === 'SCHEDULE')).toHaveLength(1);
    // It records when it started and finished, for the run and each prefecture.
    expect(scheduled.startedAt).not.toBeNull();
    expect(Date.parse(scheduled.startedAt!)).toBeGreaterThanOrEqual(Date.parse(scheduled.queuedAt));
    expect(Date.parse(scheduled.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(scheduled.startedAt!));
    for (const progress of scheduled.progress) {
      expect(Date.parse(progress.startedAt!), progress.prefectureCode).toBeGreaterThanOrEqual(
        Date.parse(scheduled.queuedAt),
      );
      expect(Date.parse(progress.finishedAt!), progress.prefectureCode).toBeGreaterThanOrEqual(
        Date.parse(progress.startedAt!),
      );
    }
    await workers.close();
  });

  it('gives a scheduled run the date it fires on in Asia/Shanghai, not the date the schedule was set', async () => {
    // Set on 2026-11-20 at 18:00 in Shanghai, the schedule fires at 02:00 on 2026-11-21 there
    // (18:00Z on the 20th): long past by now, so the workers run that job at once.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T10:00:00Z'));
    try {
      await upsertNightlySchedule(harness.runs, '0 2 * * *', 'Asia/Shanghai');
    } finally {
      vi.useRealTimers();
    }
    expect(await nextNightlyRun(harness.runs)).toBe(at('2026-11-20T18:00:00Z'));
    const listRuns = async () =>
      (await harness.hub.query(`{ metricRuns(first: 50) { id trigger } }`, {}, ANALYST)).data!.metricRuns as {
        id: string;
        trigger: string;
      }[];
    const earlier = new Set((await listRuns()).map((run) => run.id));
    const workers = harness.startWorkers();
    try {
      const found = await waitUntil(
        'the run of the overdue nightly job',
        async () => (await listRuns()).find((run) => run.trigger === 'SCHEDULE' && !earlier.has(run.id)),
        20_000,
        100,
      );
      await harness.runs.removeJobScheduler(NIGHTLY_SCHEDULER_ID);
      const run = await waitForRun(harness, found.id);
      expect(run.state).toBe('COMPLETED');
      expect(run.asOf).toBe('2026-11-21');
    } finally {
      await workers.close();
    }
  });
});
