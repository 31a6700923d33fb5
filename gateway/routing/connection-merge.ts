import { Kind, parse, type FieldNode, type FragmentDefinitionNode, type SelectionNode } from 'graphql';
import { compareCursors, decodeCursor, InvalidCursorError, type ProjectCursor } from '../../schema/contract/cursor.js';
import type { ProjectOrder } from '../../schema/contract/project-order.js';
import { collectFields, responseKey } from './fetch-operation.js';
import { foreignRowProblem } from './row-ownership.js';

/**
 * Selections the gateway adds to a fanned-out connection so it can merge pages without relying
 * on what the client asked for: every edge's cursor, each shard's hasNextPage and totalCount.
 */
const HIDDEN = { edges: '_hubEdges', page: '_hubPage', total: '_hubTotal' } as const;
export const HIDDEN_EDGES = HIDDEN.edges;
export const HIDDEN_PAGE = HIDDEN.page;
export const HIDDEN_TOTAL = HIDDEN.total;
const HIDDEN_SELECTIONS: readonly SelectionNode[] = (
  parse(`{ ${HIDDEN.edges}: edges { cursor } ${HIDDEN.page}: pageInfo { hasNextPage } ${HIDDEN.total}: totalCount }`)
    .definitions[0] as { selectionSet: { selections: readonly SelectionNode[] } }
).selectionSet.selections;

/** The connection field as sent to every shard: the client's selection plus the hidden one. */
export function withMergeSelections(field: FieldNode): FieldNode {
  return {
    ...field,
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [...(field.selectionSet?.selections ?? []), ...HIDDEN_SELECTIONS],
    },
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
  /**
   * `${code}:${index}` of the first `first` rows of all the shards' rows in order, before the
   * horizon cuts them: the rows that would make the page if no shard held back more. Round two of
   * a page decides by these (connection-refill.ts).
   */
  readonly leading: ReadonlySet<string>;
}

/**
 * Merges keyset pages of several shards into the page one database holding every row would give.
 * A merged row is certain only up to the horizon: the earliest last row among shards that have
 * more rows, since any row a shard did not send sorts after its last one. When every shard sent
 * its first `first` rows after the cursor (or all it has), the global first `first` rows all lie
 * within the horizon; when a shard sent fewer (a share whose rest could not be fetched), the page
 * stops at the horizon, shorter, with `hasNextPage` — never with a gap in one shard's rows.
 */
export function mergeConnection(input: ConnectionMergeInput): ConnectionMergeResult {
  const malformed: string[] = [];
  const items: { shard: number; index: number; cursor: ProjectCursor; text: string }[] = [];
  const pages: ShardPage[] = [];
  const codes: string[] = [];
  const edgeKeys = clientEdgeKeys(input.field, input.fragments);
  let horizon: ProjectCursor | null = null;
  for (const { code, page } of input.pages) {
    const decoded = decodePage(page, input.orderBy, edgeKeys);
    // A row of another prefecture in this shard's page is a lie: the whole page is left out.
    if (!decoded || ownPageProblem(code, input, page as ShardPage, decoded)) {
      malformed.push(code);
      continue;
    }
    const shard = pages.push(page as ShardPage) - 1;
    codes.push(code);
    decoded.forEach((cursor, index) =>
      items.push({ shard, index, cursor, text: (page as ShardPage)._hubEdges[index].cursor }),
    );
    const last = decoded.at(-1);
    if ((page as ShardPage)._hubPage.hasNextPage && last && (!horizon || compareCursors(last, horizon) < 0))
      horizon = last;
  }
  items.sort((a, b) => compareCursors(a.cursor, b.cursor));
  const keyOf = (item: { shard: number; index: number }) => `${codes[item.shard]}:${item.index}`;
  const leading = new Set(items.slice(0, input.first).map(keyOf));
  const certain = horizon ? items.filter((item) => compareCursors(item.cursor, horizon) <= 0) : items;
  const taken = certain.slice(0, input.first);
  const hasNextPage = items.length > taken.length || pages.some((p) => p._hubPage.hasNextPage);
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
  const edgeIndex = new Map(taken.map((t, merged) => [keyOf(t), merged]));
  return { connection, malformed, edgeIndex, leading };
}

function ownPageProblem(code: string, input: ConnectionMergeInput, page: ShardPage, decoded: ProjectCursor[]) {
  const cursors = decoded.map((cursor, index) => ({ id: cursor.id, text: page._hubEdges[index].cursor }));
  return foreignRowProblem(code, input.field, input.fragments, page, cursors);
}

/** Response keys of the client's `edges` selections (any alias, through fragments). */
export function clientEdgeKeys(field: FieldNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): string[] {
  return collectFields(field.selectionSet!, fragments)
    .filter((f) => f.name.value === 'edges')
    .map(responseKey);
}

/**
 * The page's cursors decoded, or null when the page is not a well-formed connection: the hidden
 * selections in place, and every `edges` the client asked for an array edge for edge with them.
 */
function decodePage(page: unknown, orderBy: ProjectOrder, edgeKeys: readonly string[]): ProjectCursor[] | null {
  const p = page as Partial<ShardPage> | null;
  if (
    !p ||
    !Array.isArray(p._hubEdges) ||
    typeof p._hubTotal !== 'number' ||
    typeof p._hubPage?.hasNextPage !== 'boolean'
  )
    return null;
  if (!edgeKeys.every((key) => Array.isArray(p[key]) && (p[key] as unknown[]).length === p._hubEdges!.length))
    return null;
  try {
    return p._hubEdges.map((edge) => decodeCursor(edge.cursor, orderBy));
  } catch (error) {
    if (error instanceof InvalidCursorError) return null;
    throw error;
  }
}
