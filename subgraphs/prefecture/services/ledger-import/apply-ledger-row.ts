import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { bulkInsert } from '../../../../lib/db/bulk-insert.js';
import type { Actor } from '../../../../schema/contract/hub-credential.js';
import { ProjectEventKind } from '../../../../schema/contract/project-enums.js';
import { formatProjectId, sequenceOf } from '../../domain/project-id.js';
import { FundingRecord, Project, ProjectEvent } from '../../entities/index.js';
import { historyValues, type HistoryEntry } from '../project-history.js';
import type { FundsArrival, RowWrite } from './ledger-row-verdict.js';

/** Who imports what: every history entry and funding record of the import names both. */
export interface ImportOrigin {
  readonly actor: Actor;
  readonly prefectureCode: string;
  /** `ledger:<fileName>#<sha256 prefix>` for history entries. */
  readonly source: string;
  /** The same, cut to what a funding record's source holds. */
  readonly fundingSource: string;
}

/** Thrown when the project changed between the checks and the write: the row is not applied. */
export class ChangedMeanwhile extends Error {}

/**
 * Ids of the projects an import creates: `<code>-<cohort year>-<next sequence>`, the highest
 * sequence of a year read once per call, not once per row.
 */
export class ProjectIdAllocator {
  private readonly highest = new Map<number, number>();

  constructor(private readonly prefectureCode: string) {}

  async next(em: EntityManager, year: number): Promise<string> {
    let highest = this.highest.get(year);
    if (highest === undefined) {
      const prefix = `${this.prefectureCode}-${year}-`;
      const rows = await em.find(Project, { id: { $like: `${prefix}%` } }, { fields: ['id'] });
      highest = rows.reduce((max, row) => Math.max(max, sequenceOf(row.id)), 0);
    }
    this.highest.set(year, highest + 1);
    return formatProjectId(this.prefectureCode, year, highest + 1);
  }
}

/**
 * Writes one checked row, in the caller's savepoint: plain multi-column INSERTs and one guarded
 * UPDATE, not the unit of work, so a 1000-row call stays a few statements per row. Returns the
 * project's id.
 */
export async function applyLedgerRow(
  em: EntityManager,
  write: RowWrite,
  origin: ImportOrigin,
  ids: ProjectIdAllocator,
): Promise<string> {
  const now = new Date();
  const events: (HistoryEntry & { project: string })[] = [];
  let projectId: string;
  if (write.kind === 'create') {
    projectId = await ids.next(em, write.record.cohortYear as number);
    await bulkInsert(em, Project, [
      {
        ...write.record,
        investmentCompleted: write.record.investmentCompleted ?? 0n,
        id: projectId,
        prefectureCode: origin.prefectureCode,
        stage: write.stage,
        version: 1,
        fundsInPlace: write.funds?.amount ?? 0n,
        stageChangedAt: now,
        createdAt: now,
        updatedAt: now,
        voidedAt: null,
        voidReason: null,
      },
    ]);
    events.push({ project: projectId, kind: ProjectEventKind.CREATED, toStage: write.stage });
  } else {
    const { project, changes, stage } = write;
    projectId = project.id;
    const set: Record<string, unknown> = { updatedAt: now };
    for (const [field, [, after]] of Object.entries(changes)) set[field] = after;
    if (stage) Object.assign(set, { stage, stageChangedAt: now });
    if (write.funds) set.fundsInPlace = raw('funds_in_place + ?', [write.funds.amount.toString()]);
    // Guarded by what the checks read: a project changed since (by anyone) is not overwritten.
    const guard = { id: project.id, version: project.version, fundsInPlace: project.fundsInPlace };
    const result = await em.createQueryBuilder(Project).update(set).where(guard).execute('run');
    if (result.affectedRows !== 1) throw new ChangedMeanwhile(`project ${project.id} changed meanwhile`);
    if (Object.keys(changes).length) events.push({ project: projectId, kind: ProjectEventKind.UPDATED, changes });
    if (stage) {
      events.push({
        project: projectId,
        kind: ProjectEventKind.STAGE_CHANGED,
        fromStage: project.stage,
        toStage: stage,
      });
    }
  }
  if (write.funds) {
    await bulkInsert(em, FundingRecord, [fundingRecord(projectId, write.funds, origin, now)]);
    events.push({
      project: projectId,
      kind: ProjectEventKind.FUNDING_RECORDED,
      changes: { amount: [null, write.funds.amount] },
    });
  }
  await bulkInsert(
    em,
    ProjectEvent,
    events.map(({ project, ...entry }) => ({
      project,
      ...historyValues(origin.actor, { ...entry, source: origin.source }, now),
    })),
  );
  return projectId;
}

function fundingRecord(projectId: string, funds: FundsArrival, origin: ImportOrigin, now: Date) {
  return {
    project: projectId,
    receivedOn: funds.receivedOn,
    amount: funds.amount,
    source: origin.fundingSource,
    note: '台账导入：资金到位累计与已登记之差 (ledger import: cumulative funds beyond those recorded)',
    recordedBy: origin.actor.subject,
    recordedAt: now,
  };
}
