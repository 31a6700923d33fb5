import { loadTrustedDocuments } from '../../schema/trusted-documents.js';

/** The committed manifest's document whose operation is `name` (e.g. `MetricRun`); throws if none. */
export function trustedDocumentNamed(name: string): string {
  const text = Object.values(loadTrustedDocuments()).find((document) =>
    new RegExp(`^\\s*(query|mutation|subscription)\\s+${name}\\b`).test(document),
  );
  if (!text) throw new Error(`schema/trusted-documents.json has no operation ${name}: run npm run documents:build`);
  return text;
}
