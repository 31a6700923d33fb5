import fc from 'fast-check';
import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mergeConnection } from '../../gateway/routing/connection-merge.js';
import { compareCursors, encodeCursor, type ProjectCursor } from '../../schema/contract/cursor.js';
import { ProjectOrder } from '../../schema/contract/project-order.js';

/** The connection field as the gateway merges it: the client's selection plus the hidden one. */
const FIELD = (
  parse(`{ projects {
  totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor }
  _hubEdges: edges { cursor } _hubPage: pageInfo { hasNextPage } _hubTotal: totalCount
} }`).definitions[0] as OperationDefinitionNode
).selectionSet.selections[0] as FieldNode;
const ORDER = ProjectOrder.SIGNED_ON_DESC;

/** The prefecture code of shard number `shard`: a row's id starts with its shard's code. */
const codeOf = (shard: number) => `53${shard}100`;

/** One shard's rows: ids unique across shards, dates with ties and nulls (they sort last). */
const shardRows = (shard: number) =>
  fc.array(fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }), { maxLength: 25 }).map((days) =>
    days.map((day, i): ProjectCursor => ({
      order: ORDER,
      value: day === null ? null : `2018-01-0${day + 1}`,
      id: `${codeOf(shard)}-${String(i).padStart(3, '0')}`,
    })),
  );

/** What a shard answers for its first `share` rows. */
function shardPage(rows: readonly ProjectCursor[], share: number) {
  const sent = [...rows].sort(compareCursors).slice(0, share);
  const edges = sent.map((cursor) => ({ cursor: encodeCursor(cursor), node: { id: cursor.id } }));
  const hasNextPage = rows.length > share;
  return {
    totalCount: rows.length,
    edges,
    pageInfo: { hasNextPage },
    _hubEdges: edges,
    _hubPage: { hasNextPage },
    _hubTotal: rows.length,
  };
}

describe('mergeConnection against the order of all rows', () => {
  it('gives a prefix of that order, never with a gap, and a full page when every shard sent enough', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 6 })
          .chain((shards) =>
            fc.tuple(
              fc.tuple(...Array.from({ length: shards }, (_, s) => shardRows(s))),
              fc.array(fc.integer({ min: 1, max: 30 }), { minLength: shards, maxLength: shards }),
              fc.integer({ min: 1, max: 30 }),
            ),
          ),
        ([rowsByShard, shares, first]) => {
          const pages = rowsByShard.map((rows, s) => ({ code: codeOf(s), page: shardPage(rows, shares[s]) }));
          const merged = mergeConnection({
            field: FIELD,
            fragments: new Map(),
            pages,
            first,
            after: null,
            orderBy: ORDER,
          });
          const all = rowsByShard
            .flat()
            .sort(compareCursors)
            .map((c) => c.id);
          const ids = (merged.connection.edges as { node: { id: string } }[]).map((e) => e.node.id);

          expect(merged.malformed).toEqual([]);
          expect(ids).toEqual(all.slice(0, ids.length));
          expect(ids.length).toBeLessThanOrEqual(first);
          const enough = rowsByShard.every((rows, s) => shares[s] >= Math.min(first, rows.length));
          if (enough) expect(ids.length).toBe(Math.min(first, all.length));
          expect((merged.connection.pageInfo as { hasNextPage: boolean }).hasNextPage).toBe(all.length > ids.length);
          expect(merged.connection.totalCount).toBe(all.length);
        },
      ),
      { numRuns: 400, seed: 531 },
    );
  });
});
