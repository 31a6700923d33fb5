import { raw, type FilterQuery, type ObjectQuery } from '@mikro-orm/core';
import { badInput } from '../../../lib/errors.js';
import { decodeCursor, encodeCursor, InvalidCursorError, type ProjectCursor } from '../../../schema/contract/cursor.js';
import { MAX_PAGE_SIZE } from '../../../schema/contract/page-size.js';
import { ORDER_SPECS, type ProjectOrder } from '../../../schema/contract/project-order.js';
import { isSignedStage, ProjectStage, STAGE_COUNT_FIELD } from '../../../schema/contract/project-stage.js';
import type { PrefectureContext } from '../context.js';
import { Project } from '../entities/index.js';
import type { ProjectFilter } from '../graphql/inputs/project-filter.input.js';
import type { ProjectConnection } from '../graphql/types/project-connection.type.js';
import { ProjectStats } from '../graphql/types/project-stats.type.js';
import type { CountyStats } from '../graphql/types/county-stats.type.js';
import { IMPLIED_MILESTONES } from '../domain/implied-milestones.js';
import { assertServedPrefecture } from './access.js';
import { projectCondition } from './project-filter.js';
import { cursorOf, keysetSegments } from './project-keyset.js';
import { findProjectRows, type ProjectRow } from './project-rows.js';

export interface ProjectPageArgs {
  filter?: ProjectFilter | null;
  first: number;
  after?: string | null;
  orderBy: ProjectOrder;
  /** Project fields the answer reads from each node; every field when absent. */
  nodeFields?: ReadonlySet<string>;
}

export async function listProjects(ctx: PrefectureContext, args: ProjectPageArgs): Promise<ProjectConnection> {
  if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE_SIZE) {
    throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  let cursor: ProjectCursor | null = null;
  if (args.after != null) {
    try {
      cursor = decodeCursor(args.after, args.orderBy);
    } catch (error) {
      if (error instanceof InvalidCursorError) throw badInput('after', error.message);
      throw error;
    }
  }
  const condition = projectCondition(args.filter, ctx.prefectureCode, ctx.dialect, ctx.actor.role);
  if (condition === null) return emptyConnection(cursor !== null);

  const filterOnly: ObjectQuery<Project> = condition.length ? { $and: condition } : {};
  const [rows, totalCount] = await Promise.all([
    readPage(ctx, condition, cursor, args),
    ctx.em.count(Project, filterOnly),
  ]);
  const page = rows.slice(0, args.first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node, args.orderBy)) }));
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > args.first,
      hasPreviousPage: cursor !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The page's rows plus one (which tells whether a next page exists), segment after segment. */
async function readPage(
  ctx: PrefectureContext,
  condition: FilterQuery<Project>[],
  cursor: ProjectCursor | null,
  args: ProjectPageArgs,
): Promise<ProjectRow[]> {
  const limit = args.first + 1;
  const rows: ProjectRow[] = [];
  for (const segment of keysetSegments(args.orderBy, cursor)) {
    const and = segment.where ? [...condition, segment.where] : condition;
    const where: ObjectQuery<Project> = and.length ? { $and: and } : {};
    rows.push(
      ...(await findProjectRows(ctx.em, where, {
        orderBy: segment.orderBy,
        limit: limit - rows.length,
        properties: pageProperties(args),
      })),
    );
    if (rows.length >= limit) break;
  }
  return rows;
}

/**
 * Columns a page reads: the fields asked for, the sort value its cursors carry, and the columns
 * computed fields (`missingMilestones`) are computed from.
 */
function pageProperties(args: ProjectPageArgs): ReadonlySet<string> | undefined {
  if (!args.nodeFields) return undefined;
  const properties = new Set(args.nodeFields);
  const sortField = ORDER_SPECS[args.orderBy].field;
  if (sortField) properties.add(sortField);
  if (properties.has('missingMilestones')) {
    properties.add('stage');
    for (const implied of IMPLIED_MILESTONES) properties.add(implied.field);
  }
  return properties;
}

function emptyConnection(hasPreviousPage: boolean): ProjectConnection {
  return {
    edges: [],
    totalCount: 0,
    pageInfo: { hasNextPage: false, hasPreviousPage, startCursor: null, endCursor: null },
  };
}

interface StageRow {
  stage: ProjectStage;
  projects: number | string;
  registered: number | string;
  agreed: string | null;
  funds: string | null;
  completed: string | null;
}

interface CountyStageRow extends StageRow {
  county: string | null;
}

/**
 * The per-stage counts and sums both grouped queries select, built afresh for each query (a `raw`
 * fragment is spent by the query that uses it). Sums come back as text so no driver rounds them.
 */
const stageSums = (): string[] =>
  [
    'count(*) as projects',
    'sum(case when p.actual_registration_on is not null then 1 else 0 end) as registered',
    'cast(sum(p.agreed_investment) as text) as agreed',
    'cast(sum(p.funds_in_place) as text) as funds',
    'cast(sum(p.investment_completed) as text) as completed',
  ].map((sql) => raw<Project, string>(sql));

/** Adds one stage's row to `stats`: the one place "signed" and the sums are accumulated. */
function addStageRow(stats: ProjectStats, row: StageRow): void {
  const count = Number(row.projects);
  stats.total += count;
  stats.byStage[STAGE_COUNT_FIELD[row.stage]] += count;
  if (isSignedStage(row.stage)) {
    stats.signed += count;
    stats.withRegisteredCompany += Number(row.registered);
  }
  stats.agreedInvestment += BigInt(row.agreed ?? '0');
  stats.fundsInPlace += BigInt(row.funds ?? '0');
  stats.investmentCompleted += BigInt(row.completed ?? '0');
}

/** Counts and sums in one grouped query. */
export async function projectStats(
  ctx: PrefectureContext,
  filter: ProjectFilter | null | undefined,
): Promise<ProjectStats> {
  const stats = new ProjectStats();
  const condition = projectCondition(filter, ctx.prefectureCode, ctx.dialect, ctx.actor.role);
  if (condition === null) return stats;
  const rows = await ctx.em
    .createQueryBuilder(Project, 'p')
    .select(['p.stage as stage', ...stageSums()])
    .where(condition.length ? { $and: condition } : {})
    .groupBy('p.stage')
    .execute<StageRow[]>('all', false);
  for (const row of rows) addStageRow(stats, row);
  return stats;
}

/**
 * `projectStats` county by county, in one query grouped by county and stage under the same
 * condition, so the counties add up to the prefecture's figures. Most signed first, then by name;
 * projects without a county (未填写县区) last.
 */
export async function countyStats(
  ctx: PrefectureContext,
  prefecture: string,
  filter: ProjectFilter | null | undefined,
): Promise<CountyStats[]> {
  assertServedPrefecture(ctx, prefecture, 'prefecture');
  const condition = projectCondition(filter, ctx.prefectureCode, ctx.dialect, ctx.actor.role);
  if (condition === null) return [];
  const rows = await ctx.em
    .createQueryBuilder(Project, 'p')
    .select(['p.county as county', 'p.stage as stage', ...stageSums()])
    .where(condition.length ? { $and: condition } : {})
    .groupBy(['p.county', 'p.stage'])
    .execute<CountyStageRow[]>('all', false);
  const byCounty = new Map<string | null, CountyStats>();
  for (const row of rows) {
    let entry = byCounty.get(row.county);
    if (!entry) byCounty.set(row.county, (entry = { county: row.county, stats: new ProjectStats() }));
    addStageRow(entry.stats, row);
  }
  return [...byCounty.values()].sort(byCountyOrder);
}

function byCountyOrder(a: CountyStats, b: CountyStats): number {
  if ((a.county === null) !== (b.county === null)) return a.county === null ? 1 : -1;
  if (a.stats.signed !== b.stats.signed) return b.stats.signed - a.stats.signed;
  // Code-point order rather than a collation: the same on every dialect and every machine.
  return a.county! < b.county! ? -1 : a.county! > b.county! ? 1 : 0;
}
