import { raw } from '@mikro-orm/core';
import { todayIn } from '../../../lib/calendar.js';
import type { EntityManager } from '@mikro-orm/knex';
import { badInput, ErrorCode, hubError } from '../../../lib/errors.js';
import { validateInput } from '../../../lib/validate-input.js';
import { EscalationLevel, ProjectEventKind } from '../../../schema/contract/project-enums.js';
import { z } from 'zod';
import type { PrefectureContext } from '../context.js';
import { optionalShortText, positiveMoney, reportPeriod, shortText } from '../domain/project-rules.js';
import { FundingRecord, Obstacle, ProgressReport, Project, SupervisionRecord } from '../entities/index.js';
import type {
  RaiseObstacleInput,
  RecordFundingInput,
  RecordSupervisionInput,
  ReportProgressInput,
  ResolveObstacleInput,
} from '../graphql/inputs/record-inputs.input.js';
import { assertCanWrite } from './access.js';
import { recordHistory } from './project-history.js';
import { loadOwnProject } from './project-lookup.js';
import { applyStageChange } from './project-writer.js';
import { runWrite } from './run-write.js';

const today = () => todayIn();
const notFuture = (field: string, date: string) => {
  if (date > today()) throw badInput(`input.${field}`, `must not be in the future (${date})`);
};

const progressSchema = z
  .object({
    period: reportPeriod,
    narrative: shortText(8000),
    nextSteps: optionalShortText(4000),
    fundsThisPeriod: z.bigint().nonnegative('must not be negative').nullish(),
    stageReason: optionalShortText(1000),
  })
  .passthrough();

/** Files the monthly report; a reported stage different from the current one changes the stage too. */
export async function reportProgress(ctx: PrefectureContext, input: ReportProgressInput): Promise<ProgressReport> {
  assertCanWrite(ctx);
  const clean = validateInput(progressSchema, input);
  if (clean.period > today().slice(0, 7))
    throw badInput('input.period', `must not be a future month (${clean.period})`);
  return runWrite(ctx, { operation: 'reportProgress', args: input, answers: ProgressReport }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.projectId, 'input.projectId');
    if ((await em.count(ProgressReport, { project, period: clean.period })) > 0) {
      throw badInput('input.period', `a report for ${clean.period} already exists for project ${project.id}`);
    }
    if (input.stage && input.stage !== project.stage) {
      applyStageChange(ctx, em, project, input.stage, clean.stageReason, null, 'input');
    }
    const report = em.create(ProgressReport, {
      project,
      period: clean.period,
      stage: project.stage,
      narrative: clean.narrative,
      fundsThisPeriod: clean.fundsThisPeriod ?? 0n,
      nextSteps: clean.nextSteps ?? null,
      submittedBy: ctx.actor.subject,
      submittedAt: new Date(),
    });
    recordHistory(em, project, ctx.actor, {
      kind: ProjectEventKind.PROGRESS_REPORTED,
      changes: { period: [null, clean.period] },
    });
    await em.flush();
    await touchProject(em, project.id);
    return report;
  });
}

const fundingSchema = z
  .object({ amount: positiveMoney, source: optionalShortText(100), note: optionalShortText(2000) })
  .passthrough();

/** Records money that arrived and adds it to the project's funds in place, atomically. */
export async function recordFunding(ctx: PrefectureContext, input: RecordFundingInput): Promise<FundingRecord> {
  assertCanWrite(ctx);
  const clean = validateInput(fundingSchema, input);
  notFuture('receivedOn', input.receivedOn);
  return runWrite(ctx, { operation: 'recordFunding', args: input, answers: FundingRecord }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.projectId, 'input.projectId');
    if (project.signedOn && input.receivedOn < project.signedOn) {
      throw badInput('input.receivedOn', `must not be before the signing date ${project.signedOn}`);
    }
    const record = em.create(FundingRecord, {
      project,
      receivedOn: input.receivedOn,
      amount: clean.amount,
      source: clean.source ?? null,
      note: clean.note ?? null,
      recordedBy: ctx.actor.subject,
      recordedAt: new Date(),
    });
    recordHistory(em, project, ctx.actor, {
      kind: ProjectEventKind.FUNDING_RECORDED,
      changes: { amount: [null, clean.amount] },
    });
    await em.flush();
    await touchProject(em, project.id, clean.amount);
    return record;
  });
}

const obstacleSchema = z
  .object({ description: shortText(4000), responsibleDepartment: optionalShortText(200) })
  .passthrough();

export async function raiseObstacle(ctx: PrefectureContext, input: RaiseObstacleInput): Promise<Obstacle> {
  assertCanWrite(ctx);
  const clean = validateInput(obstacleSchema, input);
  notFuture('raisedOn', input.raisedOn);
  return runWrite(ctx, { operation: 'raiseObstacle', args: input, answers: Obstacle }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.projectId, 'input.projectId');
    const obstacle = em.create(Obstacle, {
      project,
      category: input.category,
      description: clean.description,
      responsibleDepartment: clean.responsibleDepartment ?? null,
      raisedOn: input.raisedOn,
      escalationLevel: input.escalationLevel ?? EscalationLevel.COUNTY,
    });
    recordHistory(em, project, ctx.actor, {
      kind: ProjectEventKind.OBSTACLE_RAISED,
      changes: { category: [null, input.category] },
    });
    await em.flush();
    await touchProject(em, project.id);
    return obstacle;
  });
}

const resolveSchema = z
  .object({ resolution: shortText(4000), obstacleId: z.string().regex(/^\d{1,12}$/, 'must be an obstacle id') })
  .passthrough();

export async function resolveObstacle(ctx: PrefectureContext, input: ResolveObstacleInput): Promise<Obstacle> {
  assertCanWrite(ctx);
  const clean = validateInput(resolveSchema, input);
  notFuture('resolvedOn', input.resolvedOn);
  return runWrite(ctx, { operation: 'resolveObstacle', args: input, answers: Obstacle }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.projectId, 'input.projectId');
    const obstacle = await em.findOne(Obstacle, { id: Number(clean.obstacleId), project });
    if (!obstacle) {
      throw hubError(
        ErrorCode.NOT_FOUND,
        `input.obstacleId: project ${project.id} has no obstacle ${clean.obstacleId}`,
        { field: 'input.obstacleId' },
      );
    }
    if (obstacle.resolvedOn)
      throw badInput('input.obstacleId', `obstacle ${obstacle.id} was already resolved on ${obstacle.resolvedOn}`);
    if (input.resolvedOn < obstacle.raisedOn)
      throw badInput('input.resolvedOn', `must not be before it was raised (${obstacle.raisedOn})`);
    obstacle.resolvedOn = input.resolvedOn;
    obstacle.resolution = clean.resolution;
    recordHistory(em, project, ctx.actor, {
      kind: ProjectEventKind.OBSTACLE_RESOLVED,
      changes: { obstacle: [obstacle.id, input.resolvedOn] },
    });
    await em.flush();
    await touchProject(em, project.id);
    return obstacle;
  });
}

const supervisionSchema = z
  .object({
    supervisingUnit: shortText(200),
    findings: shortText(8000),
    requiredFixes: optionalShortText(4000),
    outcome: optionalShortText(4000),
  })
  .passthrough();

export async function recordSupervision(
  ctx: PrefectureContext,
  input: RecordSupervisionInput,
): Promise<SupervisionRecord> {
  assertCanWrite(ctx);
  const clean = validateInput(supervisionSchema, input);
  notFuture('supervisedOn', input.supervisedOn);
  if (input.deadline && input.deadline < input.supervisedOn) {
    throw badInput('input.deadline', `must not be before the supervision date ${input.supervisedOn}`);
  }
  return runWrite(ctx, { operation: 'recordSupervision', args: input, answers: SupervisionRecord }, async (em) => {
    const project = await loadOwnProject(ctx, em, input.projectId, 'input.projectId');
    const record = em.create(SupervisionRecord, {
      project,
      kind: input.kind,
      method: input.method,
      supervisingUnit: clean.supervisingUnit,
      supervisedOn: input.supervisedOn,
      findings: clean.findings,
      requiredFixes: clean.requiredFixes ?? null,
      deadline: input.deadline ?? null,
      outcome: clean.outcome ?? null,
    });
    recordHistory(em, project, ctx.actor, {
      kind: ProjectEventKind.SUPERVISION_RECORDED,
      changes: { kind: [null, input.kind] },
    });
    await em.flush();
    await touchProject(em, project.id);
    return record;
  });
}

/**
 * Child records change what a project shows, so they move it in UPDATED_AT order, and funding adds
 * to funds in place. Done in the database, not on the entity: an increment there counts both of
 * two concurrent recordings, and the project's version (the lock on its own fields) stays put.
 */
async function touchProject(em: EntityManager, id: string, fundsDelta = 0n): Promise<void> {
  // Naming `version` keeps MikroORM from bumping it, as it does for any update of a versioned entity.
  const update: Record<string, unknown> = { updatedAt: new Date(), version: raw('version') };
  if (fundsDelta !== 0n) update.fundsInPlace = raw('funds_in_place + ?', [fundsDelta.toString()]);
  await em.createQueryBuilder(Project).update(update).where({ id }).execute();
}
