import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import type { PrefectureContext } from '../../context.js';
import { FundingRecord, Obstacle, ProgressReport, Project, SupervisionRecord } from '../../entities/index.js';
import {
  raiseObstacle,
  recordFunding,
  recordSupervision,
  reportProgress,
  resolveObstacle,
} from '../../services/project-records.js';
import { changeProjectStage, createProject, updateProject } from '../../services/project-writer.js';
import { restoreProject, voidProject } from '../../services/project-voiding.js';
import { ChangeProjectStageInput } from '../inputs/change-stage.input.js';
import { CreateProjectInput } from '../inputs/create-project.input.js';
import {
  RaiseObstacleInput,
  RecordFundingInput,
  RecordSupervisionInput,
  ReportProgressInput,
  ResolveObstacleInput,
} from '../inputs/record-inputs.input.js';
import { UpdateProjectInput } from '../inputs/update-project.input.js';
import { RestoreProjectInput, VoidProjectInput } from '../inputs/void-project.input.js';

/** Every write of a prefecture; each goes to exactly the shard that owns the project. */
@Resolver()
export class ProjectMutationResolver {
  @Mutation(() => Project, { description: 'Registers a project of this prefecture.' })
  @Directive('@route(key: "input.prefectureCode")')
  createProject(@Arg('input', () => CreateProjectInput) input: CreateProjectInput, @Ctx() ctx: PrefectureContext) {
    return createProject(ctx, input);
  }

  @Mutation(() => Project, { description: 'Edits a project; fails with VERSION_CONFLICT when `version` is stale.' })
  @Directive('@route(key: "input.id")')
  updateProject(@Arg('input', () => UpdateProjectInput) input: UpdateProjectInput, @Ctx() ctx: PrefectureContext) {
    return updateProject(ctx, input);
  }

  @Mutation(() => Project, {
    description: 'Moves a project along its lifecycle (back or to TERMINATED only with a reason).',
  })
  @Directive('@route(key: "input.projectId")')
  changeProjectStage(
    @Arg('input', () => ChangeProjectStageInput) input: ChangeProjectStageInput,
    @Ctx() ctx: PrefectureContext,
  ) {
    return changeProjectStage(ctx, input);
  }

  @Mutation(() => ProgressReport, { description: 'Files the monthly progress report.' })
  @Directive('@route(key: "input.projectId")')
  reportProgress(@Arg('input', () => ReportProgressInput) input: ReportProgressInput, @Ctx() ctx: PrefectureContext) {
    return reportProgress(ctx, input);
  }

  @Mutation(() => FundingRecord, { description: 'Records funds that arrived; they add to fundsInPlace.' })
  @Directive('@route(key: "input.projectId")')
  recordFunding(@Arg('input', () => RecordFundingInput) input: RecordFundingInput, @Ctx() ctx: PrefectureContext) {
    return recordFunding(ctx, input);
  }

  @Mutation(() => Obstacle, { description: 'Raises an obstacle (要素保障 problem).' })
  @Directive('@route(key: "input.projectId")')
  raiseObstacle(@Arg('input', () => RaiseObstacleInput) input: RaiseObstacleInput, @Ctx() ctx: PrefectureContext) {
    return raiseObstacle(ctx, input);
  }

  @Mutation(() => Obstacle, { description: 'Marks an obstacle resolved.' })
  @Directive('@route(key: "input.projectId")')
  resolveObstacle(
    @Arg('input', () => ResolveObstacleInput) input: ResolveObstacleInput,
    @Ctx() ctx: PrefectureContext,
  ) {
    return resolveObstacle(ctx, input);
  }

  @Mutation(() => SupervisionRecord, { description: 'Records a supervision (日常/定期/专项督导).' })
  @Directive('@route(key: "input.projectId")')
  recordSupervision(
    @Arg('input', () => RecordSupervisionInput) input: RecordSupervisionInput,
    @Ctx() ctx: PrefectureContext,
  ) {
    return recordSupervision(ctx, input);
  }

  @Mutation(() => Project, {
    description:
      '作废: marks a project entered by mistake (with a reason); it leaves every list, count and rate until restored. Not TERMINATED, which stays signed.',
  })
  @Directive('@route(key: "input.projectId")')
  voidProject(@Arg('input', () => VoidProjectInput) input: VoidProjectInput, @Ctx() ctx: PrefectureContext) {
    return voidProject(ctx, input);
  }

  @Mutation(() => Project, { description: 'Restores a voided project (with a reason): it counts again.' })
  @Directive('@route(key: "input.projectId")')
  restoreProject(@Arg('input', () => RestoreProjectInput) input: RestoreProjectInput, @Ctx() ctx: PrefectureContext) {
    return restoreProject(ctx, input);
  }
}
