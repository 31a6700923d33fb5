import { CronExpressionParser } from 'cron-parser';

/**
 * How far ahead a pattern's fires are checked, whichever limit comes first. Within a cron pattern
 * every allowed day repeats the same times, so 500 fires (250 days of `0 0,1 * * *`, which is
 * short once a day) or a year (every month and weekday boundary) show its shortest gap.
 */
interface GapSearchLimits {
  readonly maxFires: number;
  readonly maxSpanMs: number;
}

const DEFAULT_GAP_SEARCH: GapSearchLimits = { maxFires: 500, maxSpanMs: 366 * 24 * 3600_000 };

/**
 * The shortest time (ms) between two consecutive fires of a cron pattern read in `timezone`, over
 * the fires after `from`, or null when it fires fewer than twice. Gaps are real elapsed time, so
 * a daylight-saving change that brings two fires closer counts as it is lived.
 */
export function shortestGapMs(
  pattern: string,
  timezone: string,
  from: Date,
  limits = DEFAULT_GAP_SEARCH,
): number | null {
  const fires = CronExpressionParser.parse(pattern, { tz: timezone, currentDate: from });
  let previous: number | null = null;
  let shortest: number | null = null;
  // At least two fires are compared, however far apart (a 29 February pattern fires every 4 years).
  for (let count = 0; fires.hasNext(); count++) {
    const at = fires.next().getTime();
    if (previous !== null) shortest = Math.min(shortest ?? Infinity, at - previous);
    previous = at;
    if (shortest !== null && (count + 1 >= limits.maxFires || at - from.getTime() >= limits.maxSpanMs)) break;
  }
  return shortest;
}

/** "1 s", "45 min", "1 h 30 min", "2 d": a gap as an operator reads it. */
export function describeGap(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes < 60) return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
