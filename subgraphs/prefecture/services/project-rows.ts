import { BigIntType, raw, type EntityProperty, type ObjectQuery, type QueryOrderMap } from '@mikro-orm/core';
import { BaseSqlitePlatform, type EntityManager } from '@mikro-orm/knex';
import { Project } from '../entities/index.js';

/**
 * A project read to answer a query: a plain object with the entity's property names and values,
 * not a managed entity. Only the columns asked for are filled; `id` and `prefectureCode`, which
 * the field resolvers of related records need, always are.
 */
export type ProjectRow = Pick<Project, 'id' | 'prefectureCode'> & Partial<Project>;

export interface ProjectRowsOptions {
  readonly orderBy?: QueryOrderMap<Project>;
  readonly limit?: number;
  /** Properties to read besides `id` and `prefectureCode`; every property when absent. */
  readonly properties?: ReadonlySet<string>;
}

const ALWAYS_READ = new Set(['id', 'prefectureCode']);

/**
 * Reads projects as plain rows, for read-only answers. Loading managed entities (identity map,
 * change-set snapshot, entity helpers) cost about three times the query itself on a 50-row page,
 * and a read never flushes. Values are those an entity load gives: the same result mapping and
 * the same custom-type conversions (timestamps, bigint money), plus exact money on SQLite.
 */
export async function findProjectRows(
  em: EntityManager,
  where: ObjectQuery<Project>,
  options: ProjectRowsOptions = {},
): Promise<ProjectRow[]> {
  const meta = em.getMetadata().get<Project>(Project.name);
  const platform = em.getPlatform();
  const wanted = options.properties;
  const props = meta.props.filter(
    (prop) => prop.fieldNames?.length && (!wanted || wanted.has(prop.name) || ALWAYS_READ.has(prop.name)),
  );
  const qb = em
    .createQueryBuilder(Project, 'p')
    .select(props.map((prop) => selectColumn(prop, platform instanceof BaseSqlitePlatform)));
  qb.where(where);
  if (options.orderBy) qb.orderBy(options.orderBy);
  if (options.limit !== undefined) qb.limit(options.limit);
  // `true`: rows come back keyed by property name, with timestamps parsed, as an entity load maps them.
  const rows = await qb.execute<Record<string, unknown>[]>('all', true);
  const converted = props.filter((prop) => prop.customType);
  for (const row of rows) {
    for (const prop of converted) {
      const value = row[prop.name];
      if (value != null) row[prop.name] = prop.customType!.convertToJSValue(value, platform);
    }
  }
  return rows as ProjectRow[];
}

/**
 * libsql returns SQLite integers as JS numbers, which round money above 2^53 fen; read it as text
 * there (PostgreSQL's driver already returns int8 as text). Only in the select list: comparisons
 * and ordering stay numeric.
 */
function selectColumn(prop: EntityProperty, sqlite: boolean): string {
  const column = prop.fieldNames[0];
  if (sqlite && prop.customType instanceof BigIntType)
    return raw<object, string>(`cast(p.${column} as text) as ${column}`);
  return `p.${prop.name}`;
}
