import type { FilterQuery } from '@mikro-orm/core';
import { badInput } from '../../../lib/errors.js';
import type { Project } from '../entities/index.js';
import type { ProjectFilter } from '../graphql/inputs/project-filter.input.js';

/**
 * Turns the contract's ProjectFilter into a database condition. Returns null when the filter
 * excludes this prefecture altogether, so the caller answers without a query.
 */
export function projectCondition(
  filter: ProjectFilter | null | undefined,
  prefectureCode: string,
  dialect: 'sqlite' | 'postgresql',
): FilterQuery<Project>[] | null {
  if (!filter) return [];
  if (filter.prefectures && !filter.prefectures.includes(prefectureCode)) return null;
  const and: FilterQuery<Project>[] = [];
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
