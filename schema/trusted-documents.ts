import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Trusted documents: the GraphQL operations of the dashboard and the workers, extracted at build
 * time (`npm run documents:build`) into schema/trusted-documents.json, `{ "sha256:<hex>": text }`.
 * Clients send the hash instead of the text; the gateway executes the manifest's text.
 */

/** `sha256:` + 64 lower-case hex digits: the form of a `documentId`. */
export const DOCUMENT_ID_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** The SHA-256 of the exact text, hex: what an APQ request carries as `sha256Hash`. */
export function documentHashOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The manifest key of a document: `sha256:<hex>`. */
export function documentIdOf(text: string): string {
  return `sha256:${documentHashOf(text)}`;
}

/** The manifest: document id → the exact document text. */
export type TrustedDocumentManifest = Readonly<Record<string, string>>;

export const TRUSTED_DOCUMENTS_FILE = new URL('./trusted-documents.json', import.meta.url);

/**
 * Reads the committed manifest (next to this file, in dist/ too). Every key must be the hash of its
 * text: a hand-edited or badly merged manifest would otherwise run one text under another's id, so
 * such a file stops the gateway at start instead.
 */
export function loadTrustedDocuments(file: URL = TRUSTED_DOCUMENTS_FILE): TrustedDocumentManifest {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  for (const [id, text] of Object.entries(manifest)) {
    if (typeof text !== 'string' || id !== documentIdOf(text)) {
      throw new Error(
        `${file.pathname}: entry ${id} is not the SHA-256 of its document; run \`npm run documents:build\``,
      );
    }
  }
  return Object.freeze(manifest as Record<string, string>);
}
