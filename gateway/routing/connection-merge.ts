import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type SelectionNode } from 'graphql';
import { compareCursors, decodeCursor, InvalidCursorError, type ProjectCursor } from '../../schema/contract/cursor.js';
import type { ProjectOrder } from '../../schema/contract/project-order.js';
import { collectFields, responseKey } from './fetch-operation.js';

/**
 * Selections the gateway adds to a fanned-out connection so it can merge pages without relying
 * on what the client asked for: every edge's cursor, each shard's hasNextPage and totalCount.
 */
const HIDDEN = { edges: '_hubEdges', page: '_hubPage', total: '_hubTotal' } as const;
export const HIDDEN_EDGES = HIDDEN.edges;
export const HIDDEN_PAGE = HIDDEN.page;
const HIDDEN_SELECTIONS: readonly SelectionNode[] = (
  parse(`{ ${HIDDEN.edges}: edges { cursor } ${HIDDEN.page}: pageInfo { hasNextPage } ${HIDDEN.total}: totalCount }`)
    .definitions[0] as { selectionSet: { selections: readonly SelectionNode[] } }
).selectionSet.selections;

/** The connection field as sent to every shard: the client's selection plus the hidden one. */
export function withMergeSelections(field: FieldNode): FieldNode {
  return {
    ...field,
    selectionSet: { kind: Kind.SELECTION_SET, selections: [...(field.selectionSet?.selections ?? []), ...HIDDEN_SELECTIONS] },
  };
}

interface ShardPage {
  readonly [key: string]: unknown;
  readonly _hubEdges: { cursor: string }[];
  readonly _hubPage: { hasNextPage: boolean };
  readonly _hubTotal: number;
}

export interface ConnectionMergeInput {
  readonly field: FieldNode;
  readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Each answering shard's connection, in any order. */
  readonly pages: readonly { readonly code: string; readonly page: unknown }[];
  readonly first: number;
  readonly after: string | null;
  readonly orderBy: ProjectOrder;
}

export interface ConnectionMergeResult {
  readonly connection: Record<string, unknown>;
  /** Shards whose page was not a connection this gateway can merge. */
  readonly malformed: readonly string[];
  /** Where a shard's edge landed in the merged page: `${code}:${index}` → merged index. */
  readonly edgeIndex: ReadonlyMap<string, number>;
}

/**
 * Merges keyset pages of several shards into the page one database holding every row would give:
 * every shard returned its first `first` rows after the cursor in the contract order, so the
 * global first `first` rows are among them.
 */
export function mergeConnection(input: ConnectionMergeInput): ConnectionMergeResult {
  const malformed: string[] = [];
  const items: { shard: number; index: number; cursor: ProjectCursor; text: string }[] = [];
  const pages: ShardPage[] = [];
  const codes: string[] = [];
  for (const { code, page } of input.pages) {
    const decoded = decodePage(page, input.orderBy);
    if (!decoded) {
      malformed.push(code);
      continue;
    }
    const shard = pages.push(page as ShardPage) - 1;
    codes.push(code);
    decoded.forEach((cursor, index) => items.push({ shard, index, cursor, text: (page as ShardPage)._hubEdges[index].cursor }));
  }
  items.sort((a, b) => compareCursors(a.cursor, b.cursor));
  const taken = items.slice(0, input.first);
  const hasNextPage = items.length > input.first || pages.some((p) => p._hubPage.hasNextPage);
  const totalCount = pages.reduce((sum, p) => sum + p._hubTotal, 0);

  const connection: Record<string, unknown> = {};
  for (const selected of collectFields(input.field.selectionSet!, input.fragments)) {
    const key = responseKey(selected);
    switch (selected.name.value) {
      case 'edges':
        connection[key] = taken.map((t) => (pages[t.shard][key] as unknown[])[t.index]);
        break;
      case 'totalCount':
        connection[key] = totalCount;
        break;
      case '__typename':
        connection[key] = 'ProjectConnection';
        break;
      case 'pageInfo': {
        const pageInfo: Record<string, unknown> = {};
        for (const sub of collectFields(selected.selectionSet!, input.fragments)) {
          pageInfo[responseKey(sub)] = {
            hasNextPage,
            hasPreviousPage: input.after !== null,
            startCursor: taken[0]?.text ?? null,
            endCursor: taken.at(-1)?.text ?? null,
            __typename: 'PageInfo',
          }[sub.name.value];
        }
        connection[key] = pageInfo;
        break;
      }
    }
  }
  const edgeIndex = new Map(taken.map((t, merged) => [`${codes[t.shard]}:${t.index}`, merged]));
  return { connection, malformed, edgeIndex };
}

/** The page's cursors decoded, or null when the page is not a well-formed connection. */
function decodePage(page: unknown, orderBy: ProjectOrder): ProjectCursor[] | null {
  const p = page as Partial<ShardPage> | null;
  if (!p || !Array.isArray(p._hubEdges) || typeof p._hubTotal !== 'number' || typeof p._hubPage?.hasNextPage !== 'boolean') return null;
  try {
    return p._hubEdges.map((edge) => decodeCursor(edge.cursor, orderBy));
  } catch (error) {
    if (error instanceof InvalidCursorError) return null;
    throw error;
  }
}
