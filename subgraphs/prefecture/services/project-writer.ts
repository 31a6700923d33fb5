import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { todayIn } from '../../../lib/calendar.js';
import type { EntityManager } from '@mikro-orm/knex';
import { badInput } from '../../../lib/errors.js';
import { validateInput } from '../../../lib/validate-input.js';
import { ProjectEventKind } from '../../../schema/contract/project-enums.js';
import { ProjectStage, stageRank } from '../../../schema/contract/project-stage.js';
import type { PrefectureContext } from '../context.js';
import { checkStageTransition } from '../domain/lifecycle.js';
import {
  EDITABLE_PROJECT_FIELDS,
  REQUIRED_PROJECT_FIELDS,
  signingDateProblem,
  STAGE_MILESTONES,
  type EditableProjectField,
} from '../domain/project-fields.js';
import { formatProjectId } from '../domain/project-id.js';
import { highestProjectSequence } from './project-sequence.js';
import { projectRecordSchema } from '../domain/project-rules.js';
import { Project } from '../entities/index.js';
import type { ChangeProjectStageInput } from '../graphql/inputs/change-stage.input.js';
import type { CreateProjectInput } from '../graphql/inputs/create-project.input.js';
import type { UpdateProjectInput } from '../graphql/inputs/update-project.input.js';
import { assertCanWrite, assertOwnProjectId, assertServedPrefecture } from './access.js';
import { recordHistory } from './project-history.js';
import { assertLedgerNumberFree, assertVersion, loadOwnProject } from './project-lookup.js';
import { keyedTransaction, runWrite } from './run-write.js';

/** Concurrent creates may pick the same generated id; the loser retries with the next one. */
const ID_ATTEMPTS = 5;

export async function createProject(ctx: PrefectureContext, input: CreateProjectInput): Promise<Project> {
  assertCanWrite(ctx);
  assertServedPrefecture(ctx, input.prefectureCode);
  if (input.id != null) assertOwnProjectId(ctx, input.id, 'input.id');
  const stage = input.stage ?? (input.signedOn ? ProjectStage.SIGNED : ProjectStage.NEGOTIATING);
  if (stage === ProjectStage.TERMINATED) throw badInput('input.stage', 'a project cannot be created terminated');
  const signingProblem = signingDateProblem(stage, input.signedOn);
  if (signingProblem) throw badInput('input.signedOn', signingProblem);
  const cohortYear =
    input.cohortYear ?? (input.signedOn ? Number(input.signedOn.slice(0, 4)) : new Date().getFullYear());
  const record = validateInput(projectRecordSchema, { ...pickEditable(input), cohortYear });

  for (let attempt = 1; ; attempt++) {
    try {
      return await runInsert(ctx, input, stage, record);
    } catch (error) {
      const generatedIdClash = input.id == null && isUniqueViolation(error) && attempt < ID_ATTEMPTS;
      if (!generatedIdClash) throw error;
    }
  }
}

async function runInsert(
  ctx: PrefectureContext,
  input: CreateProjectInput,
  stage: ProjectStage,
  record: Record<string, unknown>,
) {
  const requestedId = input.id ?? null;
  // Not runWrite: its mapping of unique violations would hide the id clash the caller retries on.
  return keyedTransaction(ctx, { operation: 'createProject', args: input, answers: Project }, async (em) => {
    const id = requestedId ?? (await nextProjectId(em, ctx.prefectureCode, record.cohortYear as number));
    if (requestedId && (await em.count(Project, { id: requestedId })) > 0) {
      throw badInput('input.id', `project ${requestedId} already exists`);
    }
    await assertLedgerNumberFree(em, record.ledgerNumber, null, 'input.ledgerNumber');
    const now = new Date();
    const project = em.create(Project, {
      ...record,
      id,
      prefectureCode: ctx.prefectureCode,
      stage,
      stageChangedAt: now,
      createdAt: now,
      updatedAt: now,
    } as Project);
    recordHistory(em, project, ctx.actor, { kind: ProjectEventKind.CREATED, toStage: stage });
    await em.flush();
    return project;
  });
}

/** Next free `<code>-<cohort year>-<seq>`. */
async function nextProjectId(em: EntityManager, code: string, year: number): Promise<string> {
  return formatProjectId(code, year, (await highestProjectSequence(em, code, year)) + 1);
}

export async function updateProject(ctx: PrefectureContext, input: UpdateProjectInput): Promise<Project> {
  assertCanWrite(ctx);
  return runWrite(ctx, { operation: 'updateProject', args: input, answers: Project }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.id, 'input.id');
    assertVersion(project, input.version);
    const patch = pickEditable(input);
    for (const field of REQUIRED_PROJECT_FIELDS) {
      if (field in patch && patch[field] == null) throw badInput(`input.${field}`, 'cannot be cleared');
    }
    const merged = { ...pickEditable(project), ...patch };
    const signingProblem = signingDateProblem(project.stage, merged.signedOn as string | null);
    if (signingProblem) throw badInput('input.signedOn', signingProblem);
    const clean = validateInput(projectRecordSchema, merged) as Record<EditableProjectField, unknown>;

    const changes: Record<string, [unknown, unknown]> = {};
    for (const field of Object.keys(patch) as EditableProjectField[]) {
      const before = project[field] ?? null;
      const after = clean[field] ?? null;
      if (before !== after) changes[field] = [before, after];
    }
    if (Object.keys(changes).length === 0) return project;
    if (changes.ledgerNumber) await assertLedgerNumberFree(em, clean.ledgerNumber, project.id, 'input.ledgerNumber');
    em.assign(project, Object.fromEntries(Object.entries(changes).map(([field, [, after]]) => [field, after])));
    recordHistory(em, project, ctx.actor, { kind: ProjectEventKind.UPDATED, changes });
    await em.flush();
    return project;
  });
}

export async function changeProjectStage(ctx: PrefectureContext, input: ChangeProjectStageInput): Promise<Project> {
  assertCanWrite(ctx);
  return runWrite(ctx, { operation: 'changeProjectStage', args: input, answers: Project }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.projectId, 'input.projectId');
    assertVersion(project, input.version);
    applyStageChange(ctx, em, project, input.stage, input.reason, input.effectiveOn, 'input');
    await em.flush();
    return project;
  });
}

/**
 * Moves a project to another stage under the lifecycle rules and records it; shared by
 * changeProjectStage and progress reports that report a new stage. The caller flushes.
 */
export function applyStageChange(
  ctx: PrefectureContext,
  em: EntityManager,
  project: Project,
  to: ProjectStage,
  reason: string | null | undefined,
  effectiveOn: string | null | undefined,
  inputPath: string,
): void {
  const today = todayIn();
  const on = effectiveOn ?? today;
  if (on > today) throw badInput(`${inputPath}.effectiveOn`, `must not be in the future (${on})`);
  const check = checkStageTransition(project.stage, to, reason);
  if (!check.ok) throw badInput(`${inputPath}.stage`, check.reason);
  const from = project.stage;
  const changes: Record<string, [unknown, unknown]> = {};
  if (stageRank(to) > stageRank(from)) {
    for (const milestone of STAGE_MILESTONES) {
      if (stageRank(milestone.stage) <= stageRank(to) && !project[milestone.field]) {
        changes[milestone.field] = [null, on];
        project[milestone.field] = on;
      }
    }
    // A project signed now joins the cohort of its signing year (see Project.cohortYear).
    const signingYear = Number(project.signedOn?.slice(0, 4));
    if (changes.signedOn && signingYear !== project.cohortYear) {
      changes.cohortYear = [project.cohortYear, signingYear];
      project.cohortYear = signingYear;
    }
  }
  project.stage = to;
  // The stall rules count from when the change happened, which may be earlier than it was recorded.
  project.stageChangedAt = effectiveOn && effectiveOn < today ? new Date(`${effectiveOn}T00:00:00+08:00`) : new Date();
  recordHistory(em, project, ctx.actor, {
    kind: ProjectEventKind.STAGE_CHANGED,
    fromStage: from,
    toStage: to,
    reason: reason?.trim() || null,
    changes: Object.keys(changes).length ? changes : undefined,
  });
}

function pickEditable(source: object): Record<EditableProjectField, unknown> {
  const picked: Partial<Record<EditableProjectField, unknown>> = {};
  for (const field of EDITABLE_PROJECT_FIELDS) {
    const value = (source as Record<string, unknown>)[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked as Record<EditableProjectField, unknown>;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException;
}
