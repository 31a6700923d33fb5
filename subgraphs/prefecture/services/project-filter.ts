import type { FilterQuery } from '@mikro-orm/core';
import { badInput, ErrorCode, hubError } from '../../../lib/errors.js';
import type { Role } from '../../../schema/contract/hub-credential.js';
import { IMPLIED_MILESTONES } from '../domain/implied-milestones.js';
import type { Project } from '../entities/index.js';
import type { ProjectFilter } from '../graphql/inputs/project-filter.input.js';

/**
 * Turns the contract's ProjectFilter into a database condition. Returns null when the filter
 * excludes this prefecture altogether, so the caller answers without a query. Voided projects are
 * left out unless an admin (`role`) asks for them: they are in no list, count or rate.
 */
export function projectCondition(
  filter: ProjectFilter | null | undefined,
  prefectureCode: string,
  dialect: 'sqlite' | 'postgresql',
  role?: Role,
): FilterQuery<Project>[] | null {
  if (filter?.prefectures && !filter.prefectures.includes(prefectureCode)) return null;
  const voided = voidedCondition(filter, role);
  const and: FilterQuery<Project>[] = voided ? [voided] : [];
  if (!filter) return and;
  if (filter.stages?.length) and.push({ stage: { $in: filter.stages } });
  if (filter.signingLevels?.length) and.push({ signingLevel: { $in: filter.signingLevels } });
  if (filter.eventKinds?.length) and.push({ eventKind: { $in: filter.eventKinds } });
  if (filter.industries?.length) and.push({ industry: { $in: filter.industries } });
  if (filter.counties?.length) and.push({ county: { $in: filter.counties } });
  if (filter.cohortYears?.length) and.push({ cohortYear: { $in: filter.cohortYears } });
  if (filter.signedYear != null) {
    if (filter.signedYear < 1990 || filter.signedYear > 2100)
      throw badInput('filter.signedYear', 'must be a year between 1990 and 2100');
    and.push({ signedOn: { $gte: `${filter.signedYear}-01-01`, $lte: `${filter.signedYear}-12-31` } });
  }
  if (filter.signedFrom) and.push({ signedOn: { $gte: filter.signedFrom } });
  if (filter.signedTo) and.push({ signedOn: { $lte: filter.signedTo } });
  if (filter.signedFrom && filter.signedTo && filter.signedTo < filter.signedFrom) {
    throw badInput('filter.signedTo', `must not be before filter.signedFrom (${filter.signedFrom})`);
  }
  if (filter.ledgerNumber != null) and.push({ ledgerNumber: filter.ledgerNumber.trim() });
  if (filter.missingMilestones != null) and.push(missingMilestonesCondition(filter.missingMilestones));
  if (filter.updatedSince) and.push({ updatedAt: { $gte: filter.updatedSince } });
  const text = filter.text?.trim();
  if (text) {
    if (text.length > 100) throw badInput('filter.text', 'must be at most 100 characters');
    // LIKE is case-insensitive for ASCII in SQLite; PostgreSQL needs ILIKE for the same answer.
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const op = dialect === 'postgresql' ? '$ilike' : '$like';
    and.push({ $or: [{ name: { [op]: pattern } }, { investorName: { [op]: pattern } }, { id: { [op]: pattern } }] });
  }
  return and;
}

function voidedCondition(
  filter: ProjectFilter | null | undefined,
  role: Role | undefined,
): FilterQuery<Project> | null {
  const asked = filter?.voidedOnly ? 'filter.voidedOnly' : filter?.includeVoided ? 'filter.includeVoided' : null;
  if (asked && role !== 'admin') {
    throw hubError(ErrorCode.FORBIDDEN, `${asked}: only admins see voided projects`, { field: asked });
  }
  if (filter?.voidedOnly) return { voidedAt: { $ne: null } };
  if (filter?.includeVoided) return null;
  return { voidedAt: null };
}

/** Projects lacking (true) or not lacking (false) a milestone date their stage implies. */
function missingMilestonesCondition(missing: boolean): FilterQuery<Project> {
  const lacking = IMPLIED_MILESTONES.map((implied) => ({ stage: { $in: [...implied.stages] }, [implied.field]: null }));
  if (missing) return { $or: lacking };
  return { $and: lacking.map((condition) => ({ $not: condition })) };
}
