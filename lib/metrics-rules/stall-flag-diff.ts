import { stallFlagKey, type StallFlag } from './stall-flag.js';

/** What the diff looks at: a flag's identity and severity (a stored flag read back needs no more). */
export type ComparedFlag = Pick<StallFlag, 'projectId' | 'rule' | 'obstacleId' | 'severity'>;

/**
 * What changed between two runs' flags. Identity is stallFlagKey (project + rule, + obstacle for
 * OBSTACLE_OPEN); severity is not part of it. Evidence and `since` are not compared: daysOverdue
 * grows every night, and that is not news.
 */
export interface StallFlagDiff<Previous extends ComparedFlag = StallFlag, Current extends ComparedFlag = StallFlag> {
  /** Flags whose identity was not flagged in the previous run. */
  readonly raised: readonly Current[];
  /** The previous run's flags whose identity is not flagged any more. */
  readonly cleared: readonly Previous[];
  /** Same identity, other severity (escalated YELLOW → RED, or eased RED → YELLOW). */
  readonly severityChanged: readonly { readonly previous: Previous; readonly current: Current }[];
  /** Same identity and severity: the current flag. */
  readonly unchanged: readonly Current[];
}

/**
 * Compares the previous run's flags with this run's; each list in stallFlagKey order. Both must
 * cover the same projects: when a prefecture is missing from this run (partial rollup), leave its
 * previous flags out too, or they would all read as cleared. Throws on a duplicate identity
 * within one run.
 */
export function diffStallFlags<Previous extends ComparedFlag, Current extends ComparedFlag>(
  previous: Iterable<Previous>,
  current: Iterable<Current>,
): StallFlagDiff<Previous, Current> {
  const before = indexByKey(previous, 'previous');
  const now = indexByKey(current, 'current');
  const raised: Current[] = [];
  const cleared: Previous[] = [];
  const severityChanged: { previous: Previous; current: Current }[] = [];
  const unchanged: Current[] = [];
  for (const [key, flag] of now) {
    const old = before.get(key);
    if (!old) raised.push(flag);
    else if (old.severity !== flag.severity) severityChanged.push({ previous: old, current: flag });
    else unchanged.push(flag);
  }
  for (const [key, flag] of before) if (!now.has(key)) cleared.push(flag);
  return { raised, cleared, severityChanged, unchanged };
}

function indexByKey<Flag extends ComparedFlag>(flags: Iterable<Flag>, which: string): Map<string, Flag> {
  const index = new Map<string, Flag>();
  for (const flag of flags) {
    const key = stallFlagKey(flag);
    if (index.has(key)) throw new RangeError(`Duplicate stall flag ${key} in the ${which} run`);
    index.set(key, flag);
  }
  return new Map([...index].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
