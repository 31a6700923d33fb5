import type { EntityManager } from '@mikro-orm/knex';
import { badInput, ErrorCode, hubError } from '../../../lib/errors.js';
import type { PrefectureContext } from '../context.js';
import { Project } from '../entities/index.js';
import { assertOwnProjectId } from './access.js';

/**
 * Loads a project of this prefecture for a write, or explains why it cannot. A voided project
 * takes no writes but its restoration (`voided: 'allow'`): it was entered by mistake, and a
 * change to it would count nowhere.
 */
export async function loadOwnProject(
  ctx: PrefectureContext,
  em: EntityManager,
  id: string,
  field = 'projectId',
  voided: 'refuse' | 'allow' = 'refuse',
): Promise<Project> {
  assertOwnProjectId(ctx, id, field);
  const project = await em.findOne(Project, { id });
  if (!project)
    throw hubError(ErrorCode.NOT_FOUND, `${field}: no project ${id} in prefecture ${ctx.prefectureCode}`, { field });
  if (project.voidedAt && voided === 'refuse') {
    throw badInput(field, `project ${id} is voided (${project.voidReason ?? 'no reason given'}); restore it first`);
  }
  return project;
}

export function assertVersion(project: Project, version: number): void {
  if (project.version !== version) {
    throw hubError(
      ErrorCode.VERSION_CONFLICT,
      `project ${project.id} is at version ${project.version}, not ${version}: someone changed it since you read it; reload and retry`,
      { currentVersion: project.version },
    );
  }
}

/** A ledger number names one project of the prefecture: refuses one another project already has. */
export async function assertLedgerNumberFree(
  em: EntityManager,
  ledgerNumber: unknown,
  projectId: string | null,
  field: string,
): Promise<void> {
  if (typeof ledgerNumber !== 'string') return;
  const holder = await em.findOne(Project, { ledgerNumber }, { fields: ['id'] });
  if (holder && holder.id !== projectId) {
    throw badInput(field, `ledger number ${ledgerNumber} is already that of project ${holder.id}`);
  }
}
