import { QueryOrder, raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { sequenceOf } from '../domain/project-id.js';
import { Project } from '../entities/index.js';

/**
 * The highest sequence among a prefecture's project ids of one cohort year (0 when there is none),
 * read as ONE row. Reading every id of the year (let alone every project of it as an entity)
 * cost a query result of thousands of rows per created project; on a shard of 10,000 projects the
 * managed entities that left behind were then checked at every later flush of the transaction.
 * Sequences have at least 4 digits but may have more, so the longest id sorts first, then the
 * highest (text order alone puts …-10000 before …-9999).
 */
export async function highestProjectSequence(em: EntityManager, prefectureCode: string, year: number): Promise<number> {
  const row: { id: string } | undefined = await em
    .createQueryBuilder(Project)
    .select('id')
    .where({ id: { $like: `${prefectureCode}-${year}-%` } })
    .orderBy({ [raw('length(id)')]: QueryOrder.DESC, id: QueryOrder.DESC })
    .limit(1)
    .execute('get', false);
  return row ? sequenceOf(row.id) : 0;
}
