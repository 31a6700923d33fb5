import { documentHashOf } from '../../schema/trusted-documents.js';

/** What a GraphQL answer looks like to a client: enough to see a refused hash. */
interface Answer {
  readonly errors?: readonly { readonly extensions?: { readonly code?: unknown } }[];
}

/** The JSON body of one request: either the document's hash only, or its text. */
export type GraphQLRequestBody = Record<string, unknown>;

/**
 * Sends a trusted document (a gql`…` operation in the manifest) the way the gateway prefers: its
 * SHA-256 only, APQ-style. A gateway whose manifest lacks it (a development build whose manifest
 * was not rebuilt) answers PERSISTED_QUERY_NOT_FOUND without running anything; the text is sent
 * then, which a gateway with TRUSTED_DOCUMENTS_ONLY refuses by name (TRUSTED_DOCUMENT_REQUIRED).
 */
export async function sendTrustedDocument<T extends Answer>(
  send: (body: GraphQLRequestBody) => Promise<T>,
  document: string,
  variables: Record<string, unknown>,
): Promise<T> {
  const byHash = await send({
    extensions: { persistedQuery: { version: 1, sha256Hash: documentHashOf(document) } },
    variables,
  });
  const unknown = byHash.errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_FOUND');
  return unknown ? send({ query: document, variables }) : byHash;
}
