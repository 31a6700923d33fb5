import { compareCursors, decodeCursor, type ProjectCursor } from '../../schema/contract/cursor.js';
import type { ProjectOrder } from '../../schema/contract/project-order.js';
import type { GraphAnswer, GraphExecutor } from './graph-executor.js';

/** A row of one prefecture's stream, with its decoded cursor (its place in the order). */
interface Placed<T> {
  readonly cursor: ProjectCursor;
  readonly row: T;
}

interface Page<T> {
  readonly edges: { cursor: string; node: T }[];
  readonly pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface PrefectureStreamsRequest {
  /** The prefectures to read; each is read on its own, through its own keyset pages. */
  readonly codes: readonly string[];
  /** The export's ProjectFilter; its `prefectures` is replaced by each stream's one code. */
  readonly filter: Record<string, unknown> | null;
  readonly orderBy: ProjectOrder;
  /** The selection of a project node. */
  readonly fields: string;
  readonly pageSize: number;
  /** Throws when a page's answer has errors (an export is never half a file). */
  readonly check: (answer: GraphAnswer) => void;
}

/**
 * Every project of `codes` matching the filter, in the order's province-wide sequence: each
 * prefecture is paged on its own (pages go to one shard each), and the streams are merged by their
 * cursors, compared exactly as the gateway merges a province-wide page.
 *
 * Why not the province-wide `projects` pages: each of those asks every shard for a full page to
 * choose one page among them, so a whole-province read fetches every row about as many times as
 * there are prefectures. Here each row is fetched once; one page per prefecture is held, and the
 * next is fetched while the merge consumes the present one.
 */
export async function* projectsByPrefecture<T>(
  execute: GraphExecutor,
  request: PrefectureStreamsRequest,
): AsyncGenerator<T> {
  const streams = request.codes.map((code) => prefectureStream<T>(execute, request, code));
  const heads = await Promise.all(streams.map((stream) => stream.next()));
  for (;;) {
    let first = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      if (head.done) continue;
      if (first === -1 || compareCursors(head.value.cursor, (heads[first].value as Placed<T>).cursor) < 0) first = i;
    }
    if (first === -1) return;
    yield (heads[first].value as Placed<T>).row;
    heads[first] = await streams[first].next();
  }
}

async function* prefectureStream<T>(
  execute: GraphExecutor,
  request: PrefectureStreamsRequest,
  code: string,
): AsyncGenerator<Placed<T>> {
  const query = `query($f: ProjectFilter, $o: ProjectOrder!, $after: String) {
    projects(first: ${request.pageSize}, filter: $f, orderBy: $o, after: $after) {
      edges { cursor node { ${request.fields} } }
      pageInfo { hasNextPage endCursor }
    }
  }`;
  const filter = { ...request.filter, prefectures: [code] };
  const fetchPage = async (after: string | null): Promise<Page<T>> => {
    const answer = await execute(query, { f: filter, o: request.orderBy, after });
    request.check(answer);
    return answer.data!.projects as Page<T>;
  };
  let next: Promise<Page<T>> | null = fetchPage(null);
  while (next) {
    const page: Page<T> = await next;
    const { hasNextPage, endCursor } = page.pageInfo;
    // The next page is on its way while this one is merged.
    next = hasNextPage && endCursor ? fetchPage(endCursor) : null;
    // A page that fails while this one is merged is reported when it is awaited, not as unhandled.
    next?.catch(() => undefined);
    for (const edge of page.edges) yield { cursor: decodeCursor(edge.cursor, request.orderBy), row: edge.node };
  }
}
