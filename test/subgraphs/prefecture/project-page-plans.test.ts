import type { Knex } from '@mikro-orm/knex';
import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCursors, encodeCursor, type ProjectCursor } from '../../../schema/contract/cursor.js';
import { ORDER_SPECS, ProjectOrder } from '../../../schema/contract/project-order.js';
import { Project } from '../../../subgraphs/prefecture/entities/index.js';
import { cursorOf, NULLABLE_SORT_FIELDS } from '../../../subgraphs/prefecture/services/project-keyset.js';
import { startPrefectureHarness, type PrefectureHarness } from '../../../bench/support/prefecture-harness.js';
import { syntheticProject } from '../../support/synthetic-projects.js';

const CODE = '530100';
const PAGE = `query($first: Int!, $after: String, $orderBy: ProjectOrder!) {
  projects(first: $first, after: $after, orderBy: $orderBy) { totalCount edges { node { id name } } }
}`;

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

/**
 * The page queries of every order read an index in the page's order, on PostgreSQL too: no Sort
 * of the table, for the first page and for pages after a cursor. Sorting and sequential scans are
 * switched off for the EXPLAIN so the check does not depend on table size or statistics: the
 * planner then sorts only when no index gives the order (DESC NULLS LAST on an ascending index).
 * After a cursor the index scan must start there: a condition the planner could only apply as a
 * filter (an OR chain ending in `or field is null`) read every row before the cursor.
 */
describe('projects page plans on postgresql', () => {
  let harness: PrefectureHarness;
  let knex: Knex;
  let cursors: Record<ProjectOrder, ProjectCursor[]>;

  beforeAll(async () => {
    harness = await startPrefectureHarness('postgresql', CODE);
    const rows = Array.from({ length: 600 }, (_, i) => syntheticProject(CODE, i + 1));
    await harness.orm.em.fork().insertMany(Project, rows);
    knex = (harness.orm.em as EntityManager).getConnection().getKnex();
    await knex.raw('analyze project');
    const all = await harness.orm.em.fork().find(Project, {});
    cursors = Object.fromEntries(
      Object.values(ProjectOrder).map((order) => [order, all.map((p) => cursorOf(p, order)).sort(compareCursors)]),
    ) as Record<ProjectOrder, ProjectCursor[]>;
  });
  afterAll(() => harness?.close());

  /** The page queries (not the count) a GraphQL page runs, as SQL with bindings. */
  async function pageQueries(
    orderBy: ProjectOrder,
    after: ProjectCursor | null,
  ): Promise<{ sql: string; bindings: unknown[] }[]> {
    const seen: { sql: string; bindings: unknown[] }[] = [];
    const listener = (query: { sql: string; bindings?: unknown[] }) => {
      if (/from "project"/.test(query.sql) && /order by/.test(query.sql))
        seen.push({ sql: query.sql, bindings: query.bindings ?? [] });
    };
    knex.on('query', listener);
    try {
      const result = await harness.execute(PAGE, { first: 50, after: after && encodeCursor(after), orderBy });
      expect(result.errors).toBeUndefined();
      expect((result.data as any).projects.edges.length).toBeGreaterThan(0);
    } finally {
      knex.off('query', listener);
    }
    return seen;
  }

  async function planOf(query: { sql: string; bindings: unknown[] }): Promise<PlanNode> {
    return knex.transaction(async (trx) => {
      await trx.raw('set local enable_sort = off');
      await trx.raw('set local enable_seqscan = off');
      const result = await trx.raw(`explain (format json) ${query.sql}`, query.bindings as Knex.RawBinding[]);
      return result.rows[0]['QUERY PLAN'][0].Plan as PlanNode;
    });
  }

  const cases = Object.values(ProjectOrder).flatMap((order) => {
    const list: { order: ProjectOrder; page: string; cursor: (all: ProjectCursor[]) => ProjectCursor | null }[] = [
      { order, page: 'first page', cursor: () => null },
      { order, page: 'page after row 300', cursor: (all) => all[299] },
    ];
    if (ORDER_SPECS[order].field && NULLABLE_SORT_FIELDS.has(ORDER_SPECS[order].field)) {
      list.push({
        order,
        page: 'page after the first row without a sort value',
        cursor: (all) => all.find((c) => c.value === null)!,
      });
      list.push({
        order,
        page: 'page after the last row with a sort value',
        cursor: (all) => all.findLast((c) => c.value !== null)!,
      });
    }
    return list;
  });

  it.each(cases)('$order $page reads an index in order, without sorting', async ({ order, cursor }) => {
    const after = cursor(cursors[order]);
    const queries = await pageQueries(order, after);
    expect(queries.length).toBeGreaterThan(0);
    for (const query of queries) {
      const nodes = nodesOf(await planOf(query));
      const summary = nodes.map((n) => `${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`).join(' > ');
      expect(
        nodes.filter((n) => /Sort/.test(n['Node Type'])),
        `${query.sql}: ${summary}`,
      ).toEqual([]);
      const scans = nodes.filter((n) => /Index/.test(n['Node Type']) && n['Relation Name'] === 'project');
      expect(scans.length, `${query.sql}: ${summary}`).toBe(1);
      // After a cursor the scan starts at it (an index condition), not at the first row.
      if (after) expect(scans[0]['Index Cond'], `${query.sql}: ${summary}`).toBeDefined();
    }
  });

  it('knows which sort fields are nullable exactly as the entity does', () => {
    const meta = harness.orm.getMetadata().get(Project.name);
    for (const spec of Object.values(ORDER_SPECS)) {
      if (!spec.field) continue;
      expect([spec.field, NULLABLE_SORT_FIELDS.has(spec.field)]).toEqual([
        spec.field,
        meta.properties[spec.field].nullable === true,
      ]);
    }
  });
});
