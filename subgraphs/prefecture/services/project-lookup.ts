import type { EntityManager } from '@mikro-orm/knex';
import { ErrorCode, hubError } from '../../../lib/errors.js';
import type { PrefectureContext } from '../context.js';
import { Project } from '../entities/index.js';
import { assertOwnProjectId } from './access.js';

/** Loads a project of this prefecture for a write, or explains why it cannot. */
export async function loadOwnProject(
  ctx: PrefectureContext,
  em: EntityManager,
  id: string,
  field = 'projectId',
): Promise<Project> {
  assertOwnProjectId(ctx, id, field);
  const project = await em.findOne(Project, { id });
  if (!project)
    throw hubError(ErrorCode.NOT_FOUND, `${field}: no project ${id} in prefecture ${ctx.prefectureCode}`, { field });
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
