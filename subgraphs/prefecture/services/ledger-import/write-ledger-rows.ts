import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { bulkInsert } from '../../../../lib/db/bulk-insert.js';
import type { Actor } from '../../../../schema/contract/hub-credential.js';
import { ProjectEventKind } from '../../../../schema/contract/project-enums.js';
import { EDITABLE_PROJECT_FIELDS } from '../../domain/project-fields.js';
import { formatProjectId } from '../../domain/project-id.js';
import { FundingRecord, Project, ProjectEvent } from '../../entities/index.js';
import { historyValues, type HistoryEntry } from '../project-history.js';
import { highestProjectSequence } from '../project-sequence.js';
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
class ChangedMeanwhile extends Error {}

/**
 * Ids of the projects an import creates: `<code>-<cohort year>-<next sequence>`, the highest
 * sequence of a year read once per call, not once per row.
 */
export class ProjectIdAllocator {
  private readonly highest = new Map<number, number>();

  constructor(private readonly prefectureCode: string) {}

  async next(em: EntityManager, year: number): Promise<string> {
    let highest = this.highest.get(year);
    // One row per year and call: the highest sequence, not every id of the year.
    if (highest === undefined) highest = await highestProjectSequence(em, this.prefectureCode, year);
    this.highest.set(year, highest + 1);
    return formatProjectId(this.prefectureCode, year, highest + 1);
  }
}

/**
 * Writes checked rows with plain statements, not the unit of work: one multi-row INSERT each for
 * the new projects, their funding records and every history entry, and one guarded UPDATE per
 * changed project. Runs in the caller's transaction or savepoint; returns each row's project id.
 * Throws (writing nothing the caller keeps) when any of them cannot be written.
 */
export async function writeLedgerRows(
  em: EntityManager,
  writes: readonly RowWrite[],
  origin: ImportOrigin,
  ids: ProjectIdAllocator,
): Promise<string[]> {
  const now = new Date();
  const created: Record<string, unknown>[] = [];
  const funding: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const history = (project: string, entry: HistoryEntry) =>
    events.push({ project, ...historyValues(origin.actor, { ...entry, source: origin.source }, now) });
  const projectIds: string[] = [];
  for (const write of writes) {
    const projectId =
      write.kind === 'create'
        ? await ids.next(em, write.record.cohortYear as number)
        : (await updateProject(em, write, now), write.project.id);
    projectIds.push(projectId);
    if (write.kind === 'create') {
      created.push(newProject(write, projectId, origin, now));
      history(projectId, { kind: ProjectEventKind.CREATED, toStage: write.stage });
    } else {
      if (Object.keys(write.changes).length)
        history(projectId, { kind: ProjectEventKind.UPDATED, changes: write.changes });
      if (write.stage) {
        const entry = { kind: ProjectEventKind.STAGE_CHANGED, fromStage: write.project.stage, toStage: write.stage };
        history(projectId, entry);
      }
    }
    if (write.funds) {
      funding.push(fundingRecord(projectId, write.funds, origin, now));
      history(projectId, { kind: ProjectEventKind.FUNDING_RECORDED, changes: { amount: [null, write.funds.amount] } });
    }
  }
  await bulkInsert(em, Project, created);
  await bulkInsert(em, FundingRecord, funding);
  await bulkInsert(em, ProjectEvent, events);
  return projectIds;
}

/** Applies an update, guarded by what the checks read: a project changed since is not overwritten. */
async function updateProject(em: EntityManager, write: RowWrite & { kind: 'update' }, now: Date): Promise<void> {
  const { project, changes, stage, funds } = write;
  const set: Record<string, unknown> = { updatedAt: now };
  for (const [field, [, after]] of Object.entries(changes)) set[field] = after;
  if (stage) Object.assign(set, { stage, stageChangedAt: now });
  if (funds) set.fundsInPlace = raw('funds_in_place + ?', [funds.amount.toString()]);
  const guard = { id: project.id, version: project.version, fundsInPlace: project.fundsInPlace };
  const result = await em.createQueryBuilder(Project).update(set).where(guard).execute('run');
  if (result.affectedRows !== 1) throw new ChangedMeanwhile(`project ${project.id} was changed meanwhile`);
}

/** Every column of a new project (multi-row INSERTs need the same columns in every row). */
function newProject(write: RowWrite & { kind: 'create' }, id: string, origin: ImportOrigin, now: Date) {
  const fields = Object.fromEntries(EDITABLE_PROJECT_FIELDS.map((field) => [field, write.record[field] ?? null]));
  return {
    ...fields,
    investmentCompleted: write.record.investmentCompleted ?? 0n,
    id,
    prefectureCode: origin.prefectureCode,
    stage: write.stage,
    version: 1,
    fundsInPlace: write.funds?.amount ?? 0n,
    stageChangedAt: now,
    createdAt: now,
    updatedAt: now,
    voidedAt: null,
    voidReason: null,
  };
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
