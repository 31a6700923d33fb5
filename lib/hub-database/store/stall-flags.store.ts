import type { EntityManager } from '@mikro-orm/knex';
import { insertInChunks } from './insert-in-chunks.js';
import {
  diffStallFlags,
  stallFlagKey,
  type ComparedFlag,
  type StallFlag,
  type StallRule,
} from '../../metrics-rules/index.js';
import { StallFlagChange } from '../entities/stall-flag-change.entity.js';
import { StallFlagRecord } from '../entities/stall-flag.entity.js';

/**
 * The flags of a prefecture's latest snapshot date before `asOf`: what "new" and "cleared" compare
 * to, as the diff needs them: identity and severity. Read as plain rows of those columns, not
 * entities: ~12,000 flags a prefecture loaded as entities stayed in the job's identity map until
 * the job ended, four jobs at a time.
 */
async function previousFlags(em: EntityManager, prefectureCode: string, asOf: string): Promise<ComparedFlag[]> {
  const latest = await em.findOne(
    StallFlagRecord,
    { prefectureCode, asOf: { $lt: asOf } },
    { orderBy: { asOf: 'desc' }, fields: ['asOf'] },
  );
  if (!latest) return [];
  const rows = await em
    .createQueryBuilder(StallFlagRecord)
    .select(['projectId', 'rule', 'flagKey', 'severity'])
    .where({ prefectureCode, asOf: latest.asOf })
    .execute<Pick<StallFlagRecord, 'projectId' | 'rule' | 'flagKey' | 'severity'>[]>('all');
  return rows.map((row) => ({
    projectId: row.projectId,
    rule: row.rule as StallRule,
    obstacleId: row.flagKey.split('|')[2] ?? null,
    severity: row.severity,
  }));
}

/** The cohort and industry of a flagged project, stored with its flags so the list can filter by them. */
export interface FlaggedProjectSet {
  readonly cohortYear: number;
  readonly signingLevel: string;
  readonly eventKind: string;
  readonly industry: string;
}

export interface FlagChanges {
  readonly raised: number;
  readonly cleared: number;
}

/**
 * Replaces a prefecture's flags of a date and records what changed since its previous date.
 * Deterministic for a given database state, so a rerun of the same date writes the same rows.
 */
export async function replaceFlags(
  em: EntityManager,
  asOf: string,
  runId: string,
  prefectureCode: string,
  flags: readonly StallFlag[],
  setOf: (projectId: string) => FlaggedProjectSet | undefined = () => undefined,
): Promise<FlagChanges> {
  const diff = diffStallFlags(await previousFlags(em, prefectureCode, asOf), flags);
  const fresh = new Set([...diff.raised, ...diff.severityChanged.map((c) => c.current)].map(stallFlagKey));
  await em.nativeDelete(StallFlagRecord, { asOf, prefectureCode });
  await em.nativeDelete(StallFlagChange, { asOf, prefectureCode });
  if (flags.length) {
    await insertInChunks(
      em,
      StallFlagRecord,
      flags.map((flag) => ({
        asOf,
        runId,
        prefectureCode,
        projectId: flag.projectId,
        rule: flag.rule,
        flagKey: stallFlagKey(flag),
        severity: flag.severity,
        since: flag.since,
        evidence: JSON.stringify(flag.evidence),
        isNew: fresh.has(stallFlagKey(flag)),
        ...setOf(flag.projectId),
      })),
    );
  }
  const changes = [
    ...diff.raised.map((flag) => ({ flag, change: 'NEW' as const })),
    ...diff.severityChanged.map(({ current }) => ({ flag: current, change: 'NEW' as const })),
    ...diff.cleared.map((flag) => ({ flag, change: 'CLEARED' as const })),
  ];
  if (changes.length) {
    await insertInChunks(
      em,
      StallFlagChange,
      changes.map(({ flag, change }) => ({
        asOf,
        runId,
        prefectureCode,
        projectId: flag.projectId,
        rule: flag.rule,
        flagKey: stallFlagKey(flag),
        change,
        severity: flag.severity,
      })),
    );
  }
  return { raised: diff.raised.length + diff.severityChanged.length, cleared: diff.cleared.length };
}
