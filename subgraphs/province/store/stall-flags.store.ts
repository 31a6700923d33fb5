import type { EntityManager } from '@mikro-orm/knex';
import { insertInChunks } from './insert-in-chunks.js';
import { diffStallFlags, stallFlagKey, type StallFlag, type StallRule } from '../../../workers/metrics/compute/index.js';
import { StallFlagChange } from '../entities/stall-flag-change.entity.js';
import { StallFlagRecord } from '../entities/stall-flag.entity.js';

export function flagOf(record: StallFlagRecord): StallFlag {
  const evidence = JSON.parse(record.evidence) as StallFlag['evidence'] & { obstacleId?: string };
  return {
    projectId: record.projectId, prefectureCode: record.prefectureCode, rule: record.rule as StallRule,
    obstacleId: record.flagKey.split('|')[2] ?? null, severity: record.severity, since: record.since, evidence,
  };
}

/** The flags of a prefecture's latest snapshot date before `asOf`: what "new" and "cleared" compare to. */
async function previousFlags(em: EntityManager, prefectureCode: string, asOf: string): Promise<StallFlag[]> {
  const latest = await em.findOne(StallFlagRecord, { prefectureCode, asOf: { $lt: asOf } }, { orderBy: { asOf: 'desc' }, fields: ['asOf'] });
  if (!latest) return [];
  return (await em.find(StallFlagRecord, { prefectureCode, asOf: latest.asOf })).map(flagOf);
}

export interface FlagChanges {
  readonly raised: number;
  readonly cleared: number;
}

/**
 * Replaces a prefecture's flags of a date and records what changed since its previous date.
 * Deterministic for a given database state, so a rerun of the same date writes the same rows.
 */
export async function replaceFlags(em: EntityManager, asOf: string, runId: string, prefectureCode: string, flags: readonly StallFlag[]): Promise<FlagChanges> {
  const diff = diffStallFlags(await previousFlags(em, prefectureCode, asOf), flags);
  const fresh = new Set([...diff.raised, ...diff.severityChanged.map((c) => c.current)].map(stallFlagKey));
  await em.nativeDelete(StallFlagRecord, { asOf, prefectureCode });
  await em.nativeDelete(StallFlagChange, { asOf, prefectureCode });
  if (flags.length) {
    await insertInChunks(em, StallFlagRecord, flags.map((flag) => ({
      asOf, runId, prefectureCode, projectId: flag.projectId, rule: flag.rule, flagKey: stallFlagKey(flag),
      severity: flag.severity, since: flag.since, evidence: JSON.stringify(flag.evidence), isNew: fresh.has(stallFlagKey(flag)),
    })));
  }
  const changes = [
    ...diff.raised.map((flag) => ({ flag, change: 'NEW' as const })),
    ...diff.severityChanged.map(({ current }) => ({ flag: current, change: 'NEW' as const })),
    ...diff.cleared.map((flag) => ({ flag, change: 'CLEARED' as const })),
  ];
  if (changes.length) {
    await insertInChunks(em, StallFlagChange, changes.map(({ flag, change }) => ({
      asOf, runId, prefectureCode, projectId: flag.projectId, rule: flag.rule, flagKey: stallFlagKey(flag), change, severity: flag.severity,
    })));
  }
  return { raised: diff.raised.length + diff.severityChanged.length, cleared: diff.cleared.length };
}
