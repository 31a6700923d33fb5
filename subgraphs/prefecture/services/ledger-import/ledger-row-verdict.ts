import { todayIn } from '../../../../lib/calendar.js';
import { LedgerErrorCode, LedgerRowAction } from '../../../../schema/contract/ledger.js';
import { formatFen } from '../../../../schema/contract/money.js';
import { ProjectStage } from '../../../../schema/contract/project-stage.js';
import { checkStageTransition } from '../../domain/lifecycle.js';
import {
  EDITABLE_PROJECT_FIELDS,
  REQUIRED_PROJECT_FIELDS,
  signingDateProblem,
  type EditableProjectField,
} from '../../domain/project-fields.js';
import { projectRecordSchema } from '../../domain/project-rules.js';
import type { LedgerRowError } from '../../graphql/types/ledger-import-result.type.js';
import type { ProjectRow } from '../project-rows.js';
import type { LedgerRow } from './ledger-row.js';
import { fieldZh, requiredError, rowError, ruleError, stageZh } from './ledger-row-errors.js';

/** Funds the ledger states beyond those recorded: one dated funding record of the difference. */
export interface FundsArrival {
  readonly amount: bigint;
  readonly receivedOn: string;
}

/** What committing a row writes. */
export type RowWrite =
  | {
      readonly kind: 'create';
      /** Every editable field, checked (cohortYear filled in). */
      readonly record: Record<EditableProjectField, unknown>;
      readonly stage: ProjectStage;
      readonly funds: FundsArrival | null;
    }
  | {
      readonly kind: 'update';
      readonly project: ProjectRow;
      /** Changed fields: [before, after]. */
      readonly changes: Partial<Record<EditableProjectField, [unknown, unknown]>>;
      readonly stage: ProjectStage | null;
      readonly funds: FundsArrival | null;
    };

export interface RowVerdict {
  readonly rowNumber: number;
  readonly action: LedgerRowAction;
  readonly projectId: string | null;
  readonly errors: LedgerRowError[];
  /** For CREATE and UPDATE: what a commit writes. */
  readonly write: RowWrite | null;
}

/** A row refused before it was judged on its own (a duplicate in the file, a match that is no single project…). */
export function refusedRow(row: LedgerRow, errors: LedgerRowError[], projectId: string | null = null): RowVerdict {
  return { rowNumber: row.rowNumber, action: LedgerRowAction.ERROR, projectId, errors, write: null };
}

/**
 * The verdict on one row under the same rules as createProject, updateProject and
 * changeProjectStage, with every problem of the row listed (not only the first).
 */
export function judgeRow(row: LedgerRow, project: ProjectRow | null): RowVerdict {
  return project ? judgeUpdate(row, project) : judgeCreate(row);
}

const STAND_INS: Partial<Record<EditableProjectField, unknown>> = {
  name: '-',
  industry: '-',
  investorName: '-',
  agreedInvestment: 0n,
};

function judgeCreate(row: LedgerRow): RowVerdict {
  const errors: LedgerRowError[] = [];
  const given = row.fields;
  for (const field of REQUIRED_PROJECT_FIELDS) {
    if (field !== 'cohortYear' && given[field] === undefined) errors.push(requiredError(field));
  }
  const signedOn = (given.signedOn as string | undefined) ?? null;
  const stage = row.stage ?? (signedOn ? ProjectStage.SIGNED : ProjectStage.NEGOTIATING);
  if (stage === ProjectStage.TERMINATED) {
    errors.push(
      rowError(
        'stage',
        LedgerErrorCode.STAGE_MOVE_FORBIDDEN,
        '不能以“终止”阶段新建项目',
        'a project cannot be created terminated',
      ),
    );
  }
  errors.push(...signingErrors(stage, signedOn));
  const cohortYear = (given.cohortYear as number | undefined) ?? (signedOn ? Number(signedOn.slice(0, 4)) : thisYear());
  // Stand-ins for the missing required fields (already reported) let the rules check the rest:
  // the officer sees every problem of the row at once.
  const checked = checkRecord({ ...STAND_INS, ...given, cohortYear }, errors);
  const funds = fundsArrival(row, 0n, signedOn, errors);
  if (errors.length || !checked) return refusedRow(row, errors);
  return {
    rowNumber: row.rowNumber,
    action: LedgerRowAction.CREATE,
    projectId: null,
    errors: [],
    write: { kind: 'create', record: checked, stage, funds },
  };
}

function judgeUpdate(row: LedgerRow, project: ProjectRow): RowVerdict {
  if (project.voidedAt) {
    const error = rowError(
      null,
      LedgerErrorCode.PROJECT_VOIDED,
      `匹配的项目 ${project.id} 已作废，请先恢复该项目或更换台账编号`,
      `the matching project ${project.id} is voided: restore it first, or give the row another ledger number`,
    );
    return refusedRow(row, [error], project.id);
  }
  const errors: LedgerRowError[] = [];
  const targetStage = row.stage && row.stage !== project.stage ? row.stage : null;
  if (targetStage) {
    // An import states where a project is, not why it moved back: only forward moves are taken.
    const check = checkStageTransition(project.stage!, targetStage, null);
    if (!check.ok) {
      errors.push(
        rowError(
          'stage',
          LedgerErrorCode.STAGE_MOVE_FORBIDDEN,
          `项目 ${project.id} 不能从“${stageZh(project.stage!)}”改为“${stageZh(targetStage)}”（回退或终止须说明理由，请用“变更阶段”办理）`,
          `${check.reason} (project ${project.id}); move it back or terminate it with changeProjectStage, which takes a reason`,
        ),
      );
    }
  }
  const patch: Partial<Record<EditableProjectField, unknown>> = { ...row.fields };
  const current = Object.fromEntries(EDITABLE_PROJECT_FIELDS.map((f) => [f, project[f] ?? null])) as Record<
    EditableProjectField,
    unknown
  >;
  // A project whose signing date the ledger sets (or moves to another year) joins that year's cohort.
  const signedOn = (patch.signedOn ?? current.signedOn) as string | null;
  if (patch.cohortYear === undefined && signedOn && Number(signedOn.slice(0, 4)) !== current.cohortYear) {
    patch.cohortYear = Number(signedOn.slice(0, 4));
  }
  errors.push(...signingErrors(targetStage ?? project.stage!, signedOn));
  const checked = checkRecord({ ...current, ...patch }, errors);
  const funds = fundsArrival(row, project.fundsInPlace ?? 0n, signedOn, errors);
  if (errors.length || !checked) return refusedRow(row, errors, project.id);

  const changes: Partial<Record<EditableProjectField, [unknown, unknown]>> = {};
  for (const field of Object.keys(patch) as EditableProjectField[]) {
    const after = checked[field] ?? null;
    if (current[field] !== after) changes[field] = [current[field], after];
  }
  const changed = Object.keys(changes).length > 0 || targetStage !== null || funds !== null;
  return {
    rowNumber: row.rowNumber,
    action: changed ? LedgerRowAction.UPDATE : LedgerRowAction.UNCHANGED,
    projectId: project.id,
    errors: [],
    write: changed ? { kind: 'update', project, changes, stage: targetStage, funds } : null,
  };
}

function signingErrors(stage: ProjectStage, signedOn: string | null): LedgerRowError[] {
  const problem = signingDateProblem(stage, signedOn);
  if (!problem) return [];
  if (!signedOn) return [requiredError('signedOn', `${problem} (the row's stage)`)];
  return [
    rowError(
      'signedOn',
      LedgerErrorCode.INVALID_VALUE,
      `在谈项目不能有${fieldZh('signedOn')}`,
      `${problem} (the row's stage is ${stage})`,
    ),
  ];
}

/** The record checked by the project rules; its problems go to `errors` (null when there are any). */
function checkRecord(record: Record<string, unknown>, errors: LedgerRowError[]) {
  const result = projectRecordSchema.safeParse(record);
  if (result.success) return result.data as Record<EditableProjectField, unknown>;
  const reported = new Set(errors.map((error) => error.field));
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'row');
    // A required field already reported missing needs no second message.
    if (!reported.has(field)) errors.push(ruleError(field, issue.message));
    reported.add(field);
  }
  return null;
}

/**
 * The funding record a row's cumulative funds imply: the amount beyond `recorded`, dated when the
 * ledger says. Less than recorded is refused (funding is only ever added, as dated records).
 */
function fundsArrival(
  row: LedgerRow,
  recorded: bigint,
  signedOn: string | null,
  errors: LedgerRowError[],
): FundsArrival | null {
  const stated = row.fundsInPlace;
  if (stated === null || stated === recorded) return null;
  if (stated < recorded) {
    errors.push(
      rowError(
        'fundsInPlace',
        LedgerErrorCode.FUNDS_DECREASED,
        `资金到位累计 ${formatFen(stated)} 元少于已登记的 ${formatFen(recorded)} 元；到位资金只能增加，更正请联系管理员`,
        `${formatFen(stated)} is less than the ${formatFen(recorded)} yuan already recorded; funds in place only grow (dated funding records)`,
      ),
    );
    return null;
  }
  const asOf = row.fundsInPlaceAsOf;
  if (!asOf) {
    errors.push(requiredError('fundsInPlaceAsOf', 'is required when fundsInPlace adds funds'));
    return null;
  }
  if (asOf > todayIn()) {
    errors.push(ruleError('fundsInPlaceAsOf', `must not be in the future (${asOf})`));
    return null;
  }
  if (signedOn && asOf < signedOn) {
    errors.push(ruleError('fundsInPlaceAsOf', `must not be before signedOn (${signedOn})`));
    return null;
  }
  return { amount: stated - recorded, receivedOn: asOf };
}

const thisYear = () => Number(todayIn().slice(0, 4));
