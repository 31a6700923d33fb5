import { ErrorCode, hubError } from '../../../lib/errors.js';
import type { PrefectureContext } from '../context.js';
import { isProjectId, prefectureOfId } from '../domain/project-id.js';

/**
 * Writes are for admins and for officers of this very prefecture ("谁签约、谁负责"). Checked
 * here, where the data lives, so a direct call that bypasses the gateway gets the same answer.
 */
export function assertCanWrite(ctx: PrefectureContext): void {
  const { actor, prefectureCode } = ctx;
  if (actor.role === 'admin') return;
  if (actor.role === 'officer' && actor.prefectureCode === prefectureCode) return;
  throw hubError(
    ErrorCode.FORBIDDEN,
    actor.role === 'officer'
      ? `an officer of ${actor.prefectureCode} cannot write data of prefecture ${prefectureCode}`
      : `role ${actor.role} cannot write project data`,
  );
}

/** Refuses ids that are malformed or belong to another prefecture, before touching the database. */
export function assertOwnProjectId(ctx: PrefectureContext, id: string, field = 'id'): void {
  if (!isProjectId(id)) {
    throw hubError(
      ErrorCode.BAD_USER_INPUT,
      `${field}: ${JSON.stringify(id)} is not a project id (e.g. 530100-2018-0042)`,
      { field },
    );
  }
  if (prefectureOfId(id) !== ctx.prefectureCode) {
    throw hubError(
      ErrorCode.WRONG_PREFECTURE,
      `${field}: project ${id} belongs to prefecture ${prefectureOfId(id)}, not ${ctx.prefectureCode}`,
      { field, prefecture: prefectureOfId(id) },
    );
  }
}

/**
 * Refuses a prefecture code other than the one this subgraph serves; `field` names the argument
 * that carried it (a write's `input.prefectureCode`, a read's `prefecture`) so the caller knows which.
 */
export function assertServedPrefecture(
  ctx: PrefectureContext,
  prefectureCode: string,
  field = 'input.prefectureCode',
): void {
  if (prefectureCode !== ctx.prefectureCode) {
    throw hubError(
      ErrorCode.WRONG_PREFECTURE,
      `${field}: this subgraph serves ${ctx.prefectureCode}, not ${prefectureCode}`,
      { field, prefecture: prefectureCode },
    );
  }
}
