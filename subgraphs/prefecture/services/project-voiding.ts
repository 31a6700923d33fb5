import { z } from 'zod';
import { badInput } from '../../../lib/errors.js';
import { validateInput } from '../../../lib/validate-input.js';
import { ProjectEventKind } from '../../../schema/contract/project-enums.js';
import type { PrefectureContext } from '../context.js';
import { shortText } from '../domain/project-rules.js';
import { Project } from '../entities/index.js';
import type { RestoreProjectInput, VoidProjectInput } from '../graphql/inputs/void-project.input.js';
import { assertCanWrite } from './access.js';
import { recordHistory } from './project-history.js';
import { loadOwnProject } from './project-lookup.js';
import { runWrite } from './run-write.js';

const reasonSchema = z.object({ reason: shortText(1000) }).passthrough();

/**
 * 作废: marks a project entered by mistake. It stays in the database with its history, but leaves
 * every list, count and rate (it was never signed) until restored. Unlike TERMINATED, which is a
 * real project abandoned and stays signed. Who may: whoever may write the project (its
 * prefecture's officers, admins).
 */
export async function voidProject(ctx: PrefectureContext, input: VoidProjectInput): Promise<Project> {
  assertCanWrite(ctx);
  const { reason } = validateInput(reasonSchema, input);
  return runWrite(ctx, { operation: 'voidProject', args: input, answers: Project }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.projectId, 'input.projectId', 'allow');
    if (project.voidedAt) {
      throw badInput('input.projectId', `project ${project.id} is already voided (${project.voidReason})`);
    }
    const now = new Date();
    project.voidedAt = now;
    project.voidReason = reason;
    recordHistory(em, project, ctx.actor, {
      kind: ProjectEventKind.VOIDED,
      reason,
      changes: { voidedAt: [null, now.toISOString()] },
    });
    await em.flush();
    return project;
  });
}

/** Undoes voidProject: the project counts again, as it did before. */
export async function restoreProject(ctx: PrefectureContext, input: RestoreProjectInput): Promise<Project> {
  assertCanWrite(ctx);
  const { reason } = validateInput(reasonSchema, input);
  return runWrite(ctx, { operation: 'restoreProject', args: input, answers: Project }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.projectId, 'input.projectId', 'allow');
    if (!project.voidedAt) throw badInput('input.projectId', `project ${project.id} is not voided`);
    const voidedAt = project.voidedAt;
    project.voidedAt = null;
    project.voidReason = null;
    recordHistory(em, project, ctx.actor, {
      kind: ProjectEventKind.RESTORED,
      reason,
      changes: { voidedAt: [voidedAt.toISOString(), null] },
    });
    await em.flush();
    return project;
  });
}
