import type { Actor } from '../../schema/contract/hub-credential.js';
import { hubError, ErrorCode } from '../../lib/errors.js';
import { documentHashOf, type TrustedDocumentManifest } from '../../schema/trusted-documents.js';

export interface TrustedDocumentPolicyOptions {
  readonly manifest: TrustedDocumentManifest;
  /** TRUSTED_DOCUMENTS_ONLY: refuse any other document from a caller who is not an admin. */
  readonly only: boolean;
}

/**
 * Decides, per request, on the exact text Apollo is about to run: returns its SHA-256 (hex, as APQ
 * hashes it; the response cache keys by it), or refuses it with TRUSTED_DOCUMENT_REQUIRED (HTTP
 * 400) when only trusted documents may run and this text is not one of them. A document is trusted
 * when its text is the manifest's, whether it arrived as a hash or as text. Admins may send ad-hoc
 * documents: they operate the hub (shard registration, diagnosis) with operations no client ships,
 * and their tokens are few and audited. `undefined` text (no query at all) is left to Apollo.
 */
export function trustedDocumentPolicy(
  options: TrustedDocumentPolicyOptions,
): (text: string | undefined, actor: Actor) => string | undefined {
  return (text, actor) => {
    if (text === undefined || text === '') return undefined;
    const hash = documentHashOf(text);
    if (!options.only || actor.role === 'admin') return hash;
    const id = `sha256:${hash}`;
    if (Object.hasOwn(options.manifest, id) && options.manifest[id] === text) return hash;
    throw hubError(
      ErrorCode.TRUSTED_DOCUMENT_REQUIRED,
      'this gateway runs only trusted documents (the dashboard’s and the workers’ operations): ' +
        'send a document id from the manifest (schema/trusted-documents.json), not ad-hoc query text',
      { http: { status: 400 } },
    );
  };
}
