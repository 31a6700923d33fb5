import type { EntityManager } from '@mikro-orm/knex';

/**
 * A token that changes whenever the workers write results: a run or a prefecture's job finishes,
 * snapshots or stall flags are added. The gateway polls it (registry credential) and keys cached
 * answers that read results by it, so a finished run makes them misses. Every aggregate reads a
 * primary key or a small table (a run has one row per prefecture), so the poll costs next to nothing.
 */
export async function resultsVersion(em: EntityManager): Promise<string> {
  const [row] = await em.getConnection().execute<Record<string, unknown>[]>(
    `select
       (select count(*) from metric_run where finished_at is not null) as runs,
       (select max(finished_at) from metric_run) as run_finished,
       (select count(*) from metric_run_prefecture where finished_at is not null) as jobs,
       (select max(finished_at) from metric_run_prefecture) as job_finished,
       (select max(id) from metric_snapshot) as snapshots,
       (select max(id) from stall_flag) as flags,
       (select max(id) from stall_flag_change) as changes`,
  );
  // Counts and ids come back as numbers or strings (bigint columns), times as Dates or strings.
  const part = (value: unknown): string => {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return String(value);
    return '-';
  };
  return ['runs', 'run_finished', 'jobs', 'job_finished', 'snapshots', 'flags', 'changes']
    .map((name) => part(row?.[name]))
    .join(':');
}
