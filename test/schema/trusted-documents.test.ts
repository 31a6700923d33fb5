import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { gql } from '../../lib/graphql/gql.js';
import {
  documentHashOf,
  documentIdOf,
  loadTrustedDocuments,
  TRUSTED_DOCUMENTS_FILE,
} from '../../schema/trusted-documents.js';
import { buildManifest, documentsIn, problemOf, renderManifest } from '../../scripts/trusted-documents/manifest.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCHEMA = buildSchema(readFileSync(new URL('../../schema/api.graphql', import.meta.url), 'utf8'));

describe('schema/trusted-documents.json', () => {
  it('holds exactly the gql documents of the dashboard and the workers', () => {
    const { manifest, problems } = buildManifest(ROOT);
    expect(problems, 'fix these documents, then run `npm run documents:build`').toEqual([]);
    // A plain equality check would print two long JSON texts; name the cure instead.
    if (readFileSync(TRUSTED_DOCUMENTS_FILE, 'utf8') !== renderManifest(manifest)) {
      expect.fail(
        'schema/trusted-documents.json differs from the gql documents of the sources: run `npm run documents:build` and commit it',
      );
    }
  });

  it('keys every document by the SHA-256 of its exact text, as APQ hashes it', () => {
    const manifest = JSON.parse(readFileSync(TRUSTED_DOCUMENTS_FILE, 'utf8')) as Record<string, string>;
    for (const [id, text] of Object.entries(manifest)) expect(id).toBe(`sha256:${documentHashOf(text)}`);
    expect(Object.keys(manifest)).toEqual(Object.keys(manifest).sort());
  });

  it('refuses to load a manifest whose key is not the hash of its text (a text smuggled under another id)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'manifest-')), 'trusted-documents.json');
    const honest = 'query A { __typename }';
    writeFileSync(file, JSON.stringify({ [documentIdOf(honest)]: 'query A { prefectures { code shardUrl } }' }));
    expect(() => loadTrustedDocuments(pathToFileURL(file))).toThrow(/not the SHA-256 of its document/);
    writeFileSync(file, JSON.stringify({ [documentIdOf(honest)]: honest }));
    expect(Object.values(loadTrustedDocuments(pathToFileURL(file)))).toEqual([honest]);
  });

  it('has the dashboard’s and the workers’ operations', () => {
    const { documents } = buildManifest(ROOT);
    const places = new Set(documents.map((d) => d.where.split(':')[0]));
    expect(places).toContain('gateway/dashboard/public/app.js');
    expect(places).toContain('gateway/dashboard/public/stalled.js');
    expect(places).toContain('workers/metrics/facts-reader.ts');
    expect(places).toContain('workers/cli/metrics-cli.ts');
  });
});

describe('reading gql documents from a source file', () => {
  it('takes the text between the backticks, with its line, and the tag returns the same text', () => {
    const source = 'const A = 1;\r\nconst Q = gql`query Q($id: ID!) {\n  project(id: $id) { id }\n}`;\n';
    expect(documentsIn('x.ts', source)).toEqual([
      { where: 'x.ts:2', text: 'query Q($id: ID!) {\n  project(id: $id) { id }\n}' },
    ]);
    // The tag at run time and the extractor at build time read the same bytes (here as prettier formats them).
    const tagged = gql`
      query Tagged($id: ID!) {
        project(id: $id) {
          id
        }
      }
    `;
    const inThisFile = documentsIn('this', readFileSync(fileURLToPath(import.meta.url), 'utf8'));
    expect(inThisFile.map((d) => d.text)).toContain(tagged);
  });

  it('refuses an interpolation, naming the file and line', () => {
    const [document] = documentsIn('app.js', '\nconst Q = gql`query Q { metrics(asOf: "${asOf}") { signed } }`;');
    expect(problemOf(document, SCHEMA)).toMatch(/^app\.js:2: a gql document takes no \$\{…\} interpolation/);
    const interpolate = gql as unknown as (strings: TemplateStringsArray, ...values: unknown[]) => string;
    expect(() => interpolate(Object.assign(['a', 'b'], { raw: ['a', 'b'] }), 1)).toThrow(/no \$\{…\} interpolations/);
  });

  it('refuses a document the client schema does not validate, or one without a named operation', () => {
    const check = (text: string) => problemOf({ where: 'w.ts:1', text }, SCHEMA);
    expect(check('query Q { projectStats { nope } }')).toMatch(/^w\.ts:1: Cannot query field "nope"/);
    expect(check('{ projectStats { total } }')).toMatch(/exactly one operation, with a name/);
    expect(check('query A { projectStats { total } } query B { projectStats { total } }')).toMatch(/exactly one/);
    expect(check('query Q { projectStats { total }')).toMatch(/Syntax Error/);
    expect(check('query Q { projectStats { total } }')).toBeNull();
  });
});
