import type { EntityManager } from '@mikro-orm/knex';
import type { Queue } from 'bullmq';
import { loadSchedule, type MetricsSchedule } from '../hub-database/store/hub-settings.store.js';
import type { RunRequest } from './metrics-jobs.js';
import { removeNightlySchedule, upsertNightlySchedule } from './metrics.queue.js';

/**
 * Makes the nightly scheduler match the stored schedule (or the default, 02:00 Asia/Shanghai):
 * run by the province and the workers at start, so a schedule exists whenever either runs.
 */
export async function applyStoredSchedule(em: EntityManager, queue: Queue<RunRequest>): Promise<MetricsSchedule> {
  const schedule = await loadSchedule(em);
  if (schedule.paused) await removeNightlySchedule(queue);
  else await upsertNightlySchedule(queue, schedule.pattern, schedule.timezone);
  return schedule;
}
