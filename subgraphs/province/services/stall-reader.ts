import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { StallFlagChange, StallFlagRecord } from '../../../lib/hub-database/entities/index.js';
import type { StallChange, StallFlag, StallFlagPage } from '../graphql/types/stall-flag.type.js';

export interface StallFilter {
  readonly prefectures?: readonly string[] | null;
  readonly rules?: readonly string[] | null;
  readonly severities?: readonly string[] | null;
  readonly newOnly?: boolean | null;
  readonly cohort?: {
    readonly year?: number | null;
    readonly signingLevel?: string | null;
    readonly eventKind?: string | null;
  } | null;
  readonly industries?: readonly string[] | null;
}

/** The newest date any run wrote flags for. */
async function latestFlagDate(em: EntityManager): Promise<string | null> {
  const [row] = await em.find(StallFlagRecord, {}, { orderBy: { asOf: 'desc' }, fields: ['asOf'], limit: 1 });
  return row?.asOf ?? null;
}

function presentFlag(record: StallFlagRecord): StallFlag {
  return {
    id: String(record.id),
    asOf: record.asOf,
    projectId: record.projectId,
    project: { id: record.projectId },
    prefectureCode: record.prefectureCode,
    rule: record.rule,
    severity: record.severity,
    since: record.since,
    evidence: record.evidence,
    isNew: record.isNew,
  };
}

/** A page of flags of one date (default: the newest), red first, then oldest problem first. */
export async function readStalledProjects(
  em: EntityManager,
  filter: StallFilter,
  asOf: string | null | undefined,
  first: number,
  after: string | null | undefined,
): Promise<StallFlagPage> {
  const date = asOf ?? (await latestFlagDate(em));
  if (!date) return { items: [], totalCount: 0, endCursor: null };
  const where: FilterQuery<StallFlagRecord> = {
    asOf: date,
    ...(filter.prefectures?.length ? { prefectureCode: { $in: [...filter.prefectures] } } : {}),
    ...(filter.rules?.length ? { rule: { $in: [...filter.rules] } } : {}),
    ...(filter.severities?.length
      ? { severity: { $in: [...filter.severities] as StallFlagRecord['severity'][] } }
      : {}),
    ...(filter.newOnly ? { isNew: true } : {}),
    ...(filter.cohort?.year != null ? { cohortYear: filter.cohort.year } : {}),
    ...(filter.cohort?.signingLevel ? { signingLevel: filter.cohort.signingLevel } : {}),
    ...(filter.cohort?.eventKind ? { eventKind: filter.cohort.eventKind } : {}),
    ...(filter.industries?.length ? { industry: { $in: [...filter.industries] } } : {}),
  };
  const offset = after ? Number(Buffer.from(after, 'base64url').toString()) || 0 : 0;
  const [rows, totalCount] = await Promise.all([
    em.find(StallFlagRecord, where, { orderBy: { severity: 'asc', since: 'asc', id: 'asc' }, limit: first, offset }),
    em.count(StallFlagRecord, where),
  ]);
  const next = offset + rows.length;
  return {
    items: rows.map(presentFlag),
    totalCount,
    endCursor: next < totalCount ? Buffer.from(String(next)).toString('base64url') : null,
  };
}

/** Flags raised or cleared on a date since each prefecture's previous run. */
export async function readStallChanges(
  em: EntityManager,
  asOf: string | null | undefined,
  prefectures?: readonly string[] | null,
): Promise<StallChange[]> {
  const date = asOf ?? (await latestFlagDate(em));
  if (!date) return [];
  const rows = await em.find(
    StallFlagChange,
    { asOf: date, ...(prefectures?.length ? { prefectureCode: { $in: [...prefectures] } } : {}) },
    { orderBy: { change: 'desc', prefectureCode: 'asc', projectId: 'asc' } },
  );
  return rows.map((row) => ({
    projectId: row.projectId,
    project: { id: row.projectId },
    prefectureCode: row.prefectureCode,
    rule: row.rule,
    change: row.change,
    severity: row.severity,
  }));
}

/** A project's current flags: those of the newest date its prefecture has flags for. */
export async function readProjectStall(em: EntityManager, projectId: string): Promise<StallFlag[]> {
  const latest = await em.findOne(
    StallFlagRecord,
    { prefectureCode: projectId.slice(0, 6) },
    { orderBy: { asOf: 'desc' }, fields: ['asOf'] },
  );
  if (!latest) return [];
  return (await em.find(StallFlagRecord, { projectId, asOf: latest.asOf }, { orderBy: { rule: 'asc' } })).map(
    presentFlag,
  );
}
