import { Kind, type ArgumentNode, type FieldNode, type FragmentDefinitionNode } from 'graphql';
import { MAX_PAGE_SIZE } from '../../schema/contract/page-size.js';
import { clientEdgeKeys, HIDDEN_EDGES, HIDDEN_PAGE } from './connection-merge.js';

/**
 * Scatter-gather of a keyset page in two bounded rounds. The merged page is the first `first` rows
 * over all shards in the contract order; with rows spread over sixteen prefectures each shard adds
 * about first / 16 of them, so asking every shard for a full page makes the shards read, resolve
 * and send ~16× the rows the client gets. Round one asks each shard for a share instead. A shard
 * that has more rows and whose every returned row made the merged page may hold further rows that
 * belong there; round two asks just those shards for the rest of a full page after their last
 * row. After it every shard has given either all its rows or `first` of them — exactly what
 * `mergeConnection` needs to be right — so at most two rounds, whatever the data. (A shard that
 * fails in round two is left out, and the merge stops the page short instead of skipping rows.)
 */

/** A round-one share is this many times the even split… */
const SHARE_FACTOR = 2;
/** …and never fewer rows than this, so small pages rarely need a second round. */
const MIN_SHARE = 5;

/**
 * Rows to ask each of `shards` shards for in round one, or null to ask for the whole page in one
 * round: one shard, a share no smaller than the page, or a `first` the contract refuses (the
 * shards must see it as the client sent it, to refuse it the same way).
 */
export function firstRoundSize(first: unknown, shards: number): number | null {
  if (shards < 2 || typeof first !== 'number' || !Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
    return null;
  const share = Math.max(MIN_SHARE, Math.ceil((SHARE_FACTOR * first) / shards));
  return share < first ? share : null;
}

/** The connection field with `first` (and `after`, when given) set to these literal values. */
export function withPageArguments(field: FieldNode, page: { first: number; after?: string }): FieldNode {
  const replaced = new Set(page.after === undefined ? ['first'] : ['first', 'after']);
  const args: ArgumentNode[] = [
    ...(field.arguments ?? []).filter((arg) => !replaced.has(arg.name.value)),
    argument('first', { kind: Kind.INT, value: String(page.first) }),
  ];
  if (page.after !== undefined) args.push(argument('after', { kind: Kind.STRING, value: page.after }));
  return { ...field, arguments: args };
}

function argument(name: string, value: ArgumentNode['value']): ArgumentNode {
  return { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value };
}

/** A shard whose round-one rows all made the merged page, and that has more. */
export interface PageToComplete {
  readonly code: string;
  /** Cursor of its last round-one row: round two asks for rows after it. */
  readonly after: string;
  /** Rows it gave in round one. */
  readonly have: number;
}

/**
 * Round-one pages that may hide rows of the merged page. `leading` are `${code}:${index}` of the
 * first `first` rows of round one in order (`mergeConnection`'s `leading`); a shard that already
 * sent `first` rows (more than asked) hides none.
 */
export function pagesToComplete(
  pages: readonly { code: string; page: unknown }[],
  leading: ReadonlySet<string>,
  first: number,
): PageToComplete[] {
  return pages.flatMap(({ code, page }) => {
    const edges = (page as Record<string, { cursor: string }[]>)[HIDDEN_EDGES];
    const more = (page as Record<string, { hasNextPage: boolean }>)[HIDDEN_PAGE]?.hasNextPage;
    if (
      !more ||
      !Array.isArray(edges) ||
      edges.length === 0 ||
      edges.length >= first ||
      !leading.has(`${code}:${edges.length - 1}`)
    )
      return [];
    return [{ code, after: edges.at(-1)!.cursor, have: edges.length }];
  });
}

/**
 * One shard's round-one page followed by its round-two page: every `edges` selection (the
 * client's, under any alias, and the gateway's hidden one) concatenated; `pageInfo` from round
 * two; the count is the shard's count of the filter, the same in both rounds.
 */
export function appendPage(
  field: FieldNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  earlier: Record<string, unknown>,
  later: Record<string, unknown>,
): Record<string, unknown> {
  const edgeKeys = [HIDDEN_EDGES, ...clientEdgeKeys(field, fragments)];
  const combined: Record<string, unknown> = { ...earlier, ...later };
  for (const key of edgeKeys) {
    const [a, b] = [earlier[key], later[key]];
    // Anything else is not a page; the merge reports the shard as answering one it cannot merge.
    combined[key] = Array.isArray(a) && Array.isArray(b) ? a.concat(b) : null;
  }
  return combined;
}
