/**
 * `npm run documents:build`: extracts every gql-tagged operation of the dashboard and the workers,
 * validates each against schema/api.graphql and writes schema/trusted-documents.json (README,
 * "Trusted documents"). Writes nothing and exits 1 when any document is wrong.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TRUSTED_DOCUMENTS_FILE } from '../schema/trusted-documents.js';
import { buildManifest, renderManifest } from './trusted-documents/manifest.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { manifest, problems } = buildManifest(root);
if (problems.length) {
  console.error(`documents:build: ${problems.length} document(s) cannot be trusted:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
writeFileSync(TRUSTED_DOCUMENTS_FILE, renderManifest(manifest));
console.log(`documents:build: ${Object.keys(manifest).length} documents in ${fileURLToPath(TRUSTED_DOCUMENTS_FILE)}`);
