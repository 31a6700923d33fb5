import { GraphQLError } from 'graphql';
import { ErrorCode } from '../../lib/errors.js';
import { DOCUMENT_ID_PATTERN, type TrustedDocumentManifest } from '../../schema/trusted-documents.js';

const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** HTTP 400: a request naming its document wrongly is the caller's mistake, never a server failure. */
function refused(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code, http: { status: 400 } } });
}

const badField = (field: string, reason: string): GraphQLError =>
  refused(ErrorCode.BAD_USER_INPUT, `${field}: ${reason}`, { field });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The manifest id a request names, by `documentId` or APQ `extensions.persistedQuery`, or null. */
function documentIdOfRequest(documentId: unknown, persisted: unknown): string | null {
  let byApq: string | null = null;
  if (persisted !== undefined) {
    if (!isObject(persisted) || persisted.version !== 1) {
      throw badField('extensions.persistedQuery.version', 'must be 1');
    }
    if (typeof persisted.sha256Hash !== 'string' || !HEX_SHA256.test(persisted.sha256Hash)) {
      throw badField('extensions.persistedQuery.sha256Hash', 'must be 64 lower-case hex digits (SHA-256)');
    }
    byApq = `sha256:${persisted.sha256Hash}`;
  }
  if (documentId === undefined) return byApq;
  if (typeof documentId !== 'string' || !DOCUMENT_ID_PATTERN.test(documentId)) {
    throw badField('documentId', 'must be "sha256:" followed by 64 lower-case hex digits');
  }
  if (byApq !== null && byApq !== documentId) {
    throw badField('documentId', 'names another document than extensions.persistedQuery.sha256Hash');
  }
  return documentId;
}

/**
 * Turns a request that names a trusted document (`{ documentId: "sha256:…" }`, or APQ-style
 * `{ extensions: { persistedQuery: { version: 1, sha256Hash } } }`) into one carrying the
 * manifest's text, before Apollo sees it. The manifest is the only source: unlike APQ nothing is
 * registered, so an unknown id is PERSISTED_QUERY_NOT_FOUND, and a request whose own `query`
 * differs from the manifest's text for its id is refused rather than run under a trusted name.
 * Other bodies pass unchanged.
 */
export function persistedRequestResolver(manifest: TrustedDocumentManifest): (body: unknown) => unknown {
  return (body) => {
    if (!isObject(body)) return body;
    const { documentId, extensions, ...request } = body;
    const persisted = isObject(extensions) ? extensions.persistedQuery : undefined;
    const id = documentIdOfRequest(documentId, persisted);
    if (id === null) return body;
    const text = Object.hasOwn(manifest, id) ? manifest[id] : undefined;
    if (text === undefined) {
      throw refused(
        ErrorCode.PERSISTED_QUERY_NOT_FOUND,
        `unknown document id ${id}: it is not in this gateway's trusted-document manifest`,
        { documentId: id },
      );
    }
    if (request.query !== undefined && request.query !== text) {
      throw badField('query', `differs from the text of trusted document ${id}; send the id alone`);
    }
    const { persistedQuery: _named, ...otherExtensions } = isObject(extensions) ? extensions : {};
    return {
      ...request,
      query: text,
      ...(Object.keys(otherExtensions).length ? { extensions: otherExtensions } : {}),
    };
  };
}
