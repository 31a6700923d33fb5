import { CacheUnavailableError } from './cache-backend.js';
import { keyOf, PROVINCE_COMPONENT } from './cache-keys.js';
import type { RequestCache } from './request-cache.js';

/** What the whole-response layer decided before execution (see lib/http/graphql-http-server.ts). */
export type ResponseDecision =
  | { readonly hit: string; readonly contentType: string }
  | { readonly keep?: (status: number, contentType: string | undefined, body: string) => void };

/**
 * A kept answer as stored: one JSON line of what it depends on, then the answer's text as sent. A
 * hit parses only the first line; the answer (often tens of kilobytes) goes out untouched.
 */
interface StoredHead {
  /** [component, version] of everything the answer read. */
  readonly vector: [string, string][];
  readonly contentType: string;
}

function storedEntry(head: StoredHead, body: string): string {
  return `${JSON.stringify(head)}\n${body}`;
}

function readEntry(entry: string): { head: StoredHead; body: string } {
  const end = entry.indexOf('\n');
  return { head: JSON.parse(entry.slice(0, end)) as StoredHead, body: entry.slice(end + 1) };
}

/**
 * The whole-response layer: a POSTed operation whose document, variables and caller scope were
 * answered before is answered again, without parse, validation, planning or execution, as long as
 * every prefecture (and the province) that answer read still has the version it had when that
 * answer started. Only complete answers of queries are kept (no errors, not a mutation, nothing
 * read without a version); the caller is authenticated and rate-limited before the lookup.
 */
export async function responseDecision(body: unknown, cache: RequestCache): Promise<ResponseDecision> {
  const request = requestKeyParts(body);
  if (!request) return {};
  const versions = await cache.snapshot();
  if (!versions) {
    cache.countResponse('bypass');
    return {};
  }
  const { backend, settings } = cache.cache;
  const key = `r:${keyOf(cache.scope, ...request)}`;
  let cached: string | null;
  try {
    cached = await backend.get(key);
  } catch (error) {
    if (!(error instanceof CacheUnavailableError)) throw error;
    cache.countResponse('bypass');
    return {};
  }
  if (cached !== null) {
    const { head, body: answer } = readEntry(cached);
    if (head.vector.every(([component, version]) => versions.get(component) === version)) {
      cache.countResponse('hit');
      return { hit: answer, contentType: head.contentType };
    }
  }
  cache.countResponse('miss');
  return {
    keep(status, contentType, text) {
      const { reads } = cache;
      if (status !== 200 || cache.operation !== 'query' || reads.uncacheable || !contentType?.includes('json')) return;
      const answer = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
      if (answer.errors?.length || answer.data == null) return;
      const components = [...reads.prefectures, ...(reads.province ? [PROVINCE_COMPONENT] : [])];
      const vector: [string, string][] = [];
      for (const component of components) {
        const version = versions.get(component);
        // Read without a version (say, the province's results version is unknown): not kept.
        if (version === undefined) return;
        vector.push([component, version]);
      }
      backend.set(key, storedEntry({ vector, contentType }, text), settings.ttlMs).catch(() => undefined);
    },
  };
}

/** The parts of a request body that decide its answer (with the caller scope), or null for no usable body. */
function requestKeyParts(body: unknown): string[] | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { query, documentId, operationName, variables, extensions } = body as Record<string, unknown>;
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  const document = typeof query === 'string' ? `q:${query}` : null;
  const id = typeof documentId === 'string' ? `d:${documentId}` : null;
  const hash = typeof persisted?.sha256Hash === 'string' ? `h:${persisted.sha256Hash}` : null;
  if (!document && !id && !hash) return null;
  return [
    document ?? '',
    id ?? '',
    hash ?? '',
    typeof operationName === 'string' ? operationName : '',
    JSON.stringify(variables ?? null),
  ];
}
