/**
 * Builds the trusted-document manifest from the sources: every gql-tagged template literal of the
 * dashboard and the workers, validated against the client schema. Used by
 * `npm run documents:build` (scripts/trusted-documents.ts) and by its drift test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildSchema, GraphQLError, Kind, parse, validate, type GraphQLSchema } from 'graphql';
import { documentIdOf, type TrustedDocumentManifest } from '../../schema/trusted-documents.js';

/** Folders whose gql-tagged operations go into the manifest, and the files read in each. */
const DOCUMENT_SOURCES: readonly { readonly folder: string; readonly files: RegExp }[] = [
  { folder: 'gateway/dashboard/public', files: /\.js$/ },
  { folder: 'workers', files: /\.ts$/ },
];

/** One operation as written in a source file. */
export interface SourceDocument {
  /** `path:line` of the opening backtick, relative to the repository root. */
  readonly where: string;
  readonly text: string;
}

export interface ManifestBuild {
  readonly manifest: TrustedDocumentManifest;
  readonly documents: readonly SourceDocument[];
  /** Each names the file and line; a non-empty list means no manifest may be written. */
  readonly problems: readonly string[];
}

// The text between the backticks is the document exactly as the page or worker sends it (the
// tags return the raw string); a `${` inside is an interpolation and is refused below.
const TAGGED = /\bgql`([^`]*)`/g;

/** Every gql-tagged literal of one file's text. */
export function documentsIn(path: string, source: string): SourceDocument[] {
  const normalized = source.replace(/\r\n?/g, '\n'); // template literals read CRLF as LF
  return [...normalized.matchAll(TAGGED)].map((match) => ({
    where: `${path}:${normalized.slice(0, match.index).split('\n').length}`,
    text: match[1],
  }));
}

/** Why a document cannot be trusted, or null: one named operation, valid against the client schema. */
export function problemOf(document: SourceDocument, schema: GraphQLSchema): string | null {
  if (document.text.includes('${')) {
    return `${document.where}: a gql document takes no \${…} interpolation; pass values as variables`;
  }
  let parsed;
  try {
    parsed = parse(document.text);
  } catch (error) {
    return `${document.where}: ${(error as GraphQLError).message}`;
  }
  const operations = parsed.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || !operations[0].name) {
    return `${document.where}: a gql document holds exactly one operation, with a name (query Name(…) { … })`;
  }
  const errors = validate(schema, parsed);
  return errors.length ? `${document.where}: ${errors.map((e) => e.message).join('; ')}` : null;
}

function sourceFiles(root: string): string[] {
  return DOCUMENT_SOURCES.flatMap(({ folder, files }) =>
    readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && files.test(entry.name))
      .map((entry) => relative(root, join(entry.parentPath, entry.name))),
  ).sort();
}

/** Reads the sources under `root` and builds the manifest, with every problem found. */
export function buildManifest(root: string): ManifestBuild {
  const schema = buildSchema(readFileSync(join(root, 'schema/api.graphql'), 'utf8'));
  const documents = sourceFiles(root).flatMap((path) => documentsIn(path, readFileSync(join(root, path), 'utf8')));
  const problems = documents.map((d) => problemOf(d, schema)).filter((p): p is string => p !== null);
  // One name, one text: logs and metrics name operations, and two texts under one name confuse both.
  const byName = new Map<string, SourceDocument>();
  for (const document of documents) {
    const name = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(document.text)?.[1];
    if (!name) continue;
    const first = byName.get(name);
    if (first && first.text !== document.text) {
      problems.push(`${document.where}: operation ${name} differs from the one at ${first.where}; rename one`);
    } else if (!first) {
      byName.set(name, document);
    }
  }
  const entries = documents.map((d) => [documentIdOf(d.text), d.text] as const);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { manifest: Object.fromEntries(entries), documents, problems };
}

/** The manifest file's text: sorted by id, two-space JSON, final newline (deterministic). */
export function renderManifest(manifest: TrustedDocumentManifest): string {
  return `${JSON.stringify(manifest, Object.keys(manifest).sort(), 2)}\n`;
}
