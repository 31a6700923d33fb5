import { stallFlagKey, type StallFlag } from './stall-flag.js';

/**
 * What changed between two runs' flags. Identity is stallFlagKey (project + rule, + obstacle for
 * OBSTACLE_OPEN); severity is not part of it. Evidence and `since` are not compared: daysOverdue
 * grows every night, and that is not news.
 */
export interface StallFlagDiff {
  /** Flags whose identity was not flagged in the previous run. */
  readonly raised: readonly StallFlag[];
  /** The previous run's flags whose identity is not flagged any more. */
  readonly cleared: readonly StallFlag[];
  /** Same identity, other severity (escalated YELLOW → RED, or eased RED → YELLOW). */
  readonly severityChanged: readonly { readonly previous: StallFlag; readonly current: StallFlag }[];
  /** Same identity and severity: the current flag. */
  readonly unchanged: readonly StallFlag[];
}

/**
 * Compares the previous run's flags with this run's; each list in stallFlagKey order. Both must
 * cover the same projects: when a prefecture is missing from this run (partial rollup), leave its
 * previous flags out too, or they would all read as cleared. Throws on a duplicate identity
 * within one run.
 */
export function diffStallFlags(previous: Iterable<StallFlag>, current: Iterable<StallFlag>): StallFlagDiff {
  const before = indexByKey(previous, 'previous');
  const now = indexByKey(current, 'current');
  const raised: StallFlag[] = [];
  const cleared: StallFlag[] = [];
  const severityChanged: { previous: StallFlag; current: StallFlag }[] = [];
  const unchanged: StallFlag[] = [];
  for (const [key, flag] of now) {
    const old = before.get(key);
    if (!old) raised.push(flag);
    else if (old.severity !== flag.severity) severityChanged.push({ previous: old, current: flag });
    else unchanged.push(flag);
  }
  for (const [key, flag] of before) if (!now.has(key)) cleared.push(flag);
  return { raised, cleared, severityChanged, unchanged };
}

function indexByKey(flags: Iterable<StallFlag>, which: string): Map<string, StallFlag> {
  const index = new Map<string, StallFlag>();
  for (const flag of flags) {
    const key = stallFlagKey(flag);
    if (index.has(key)) throw new RangeError(`Duplicate stall flag ${key} in the ${which} run`);
    index.set(key, flag);
  }
  return new Map([...index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
