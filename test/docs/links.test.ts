import { existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { githubSlug, headingsOf, proseLines, readText, repositoryTextFiles } from './markdown.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// This file and its helper spell out the patterns they look for.
const SELF = new Set(['test/docs/links.test.ts', 'test/docs/markdown.ts']);
const FILES = repositoryTextFiles(ROOT).filter((file) => !SELF.has(file));
const MARKDOWN = FILES.filter((file) => file.endsWith('.md'));

/** `README, "Section"` or `docs/x.md, "Section"`: how code and docs cite a section in prose. */
const SECTION_REFERENCE = /\b(README(?:\.md)?|docs\/[\w.-]+\.md),?\s+"([^"\n]+)"/g;
/** A markdown file named by path, e.g. docs/domain.md or ../shared/X.md. */
const MARKDOWN_PATH = /(?<![\w/.-])((?:\.{1,2}\/)*(?:[\w-]+\/)*[\w.-]+\.md)\b/g;
const MARKDOWN_LINK = /\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

const headings = new Map<string, ReturnType<typeof headingsOf>>();
function headingsOfFile(path: string): ReturnType<typeof headingsOf> {
  if (!headings.has(path)) headings.set(path, headingsOf(readText(ROOT, path)));
  return headings.get(path)!;
}

/** A comment continued on the next line reads as one line: a reference may wrap. */
function joinCommentLines(text: string): string {
  return text.replace(/\n\s*(?:\*(?!\/)|\/\/|#)?\s*/g, ' ');
}

/** `path` (relative to the repository root) stays inside the repository. */
function insideRepository(path: string): boolean {
  return !relative(ROOT, join(ROOT, path)).startsWith('..');
}

describe('references to documentation sections', () => {
  it('every README, "Section" / docs/x.md, "Section" names a file and heading that exist', () => {
    const broken: string[] = [];
    let references = 0;
    for (const file of FILES) {
      for (const [, target, section] of joinCommentLines(readText(ROOT, file)).matchAll(SECTION_REFERENCE)) {
        references += 1;
        const path = target.startsWith('README') ? 'README.md' : target;
        if (!existsSync(join(ROOT, path))) broken.push(`${file}: ${target} does not exist`);
        else if (!headingsOfFile(path).texts.has(section)) broken.push(`${file}: ${path} has no heading "${section}"`);
      }
    }
    expect(broken).toEqual([]);
    // The code cites the docs in many places; finding none means the pattern broke, not the code.
    expect(references).toBeGreaterThan(10);
  });

  it('every markdown file a source file names exists in the repository', () => {
    const missing: string[] = [];
    for (const file of FILES) {
      for (const [, path] of readText(ROOT, file).matchAll(MARKDOWN_PATH)) {
        // Named from the root (docs/domain.md) or from the naming file's folder (../docs/settings.md).
        const candidates = [path, join(dirname(file), path)];
        const found = candidates.some((candidate) => insideRepository(candidate) && existsSync(join(ROOT, candidate)));
        if (!found) missing.push(`${file}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no file names a path outside the repository', () => {
    const outside = /\.\.\/shared\b|(?<![\w/])DOMAIN\.md|\/work\/(?:shared|main|wt-)/;
    expect(FILES.filter((file) => outside.test(readText(ROOT, file)))).toEqual([]);
  });
});

describe('links in README.md and docs/', () => {
  it('every relative link reaches an existing file, and every anchor an existing heading', () => {
    const broken: string[] = [];
    for (const file of MARKDOWN) {
      for (const { line, text } of proseLines(readText(ROOT, file))) {
        for (const [, target] of text.replace(/`[^`]*`/g, '').matchAll(MARKDOWN_LINK)) {
          if (/^[a-z][a-z+.-]*:/i.test(target)) continue;
          const [pathPart, anchor] = target.split('#', 2);
          const path = pathPart ? normalize(join(dirname(file), decodeURIComponent(pathPart))) : file;
          const where = `${file}:${line} → ${target}`;
          if (!insideRepository(path) || !existsSync(join(ROOT, path))) broken.push(`${where}: no such file`);
          else if (anchor !== undefined && !(path.endsWith('.md') && headingsOfFile(path).anchors.has(anchor))) {
            broken.push(`${where}: no such heading`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('README links the three docs', () => {
    const readme = readText(ROOT, 'README.md');
    for (const doc of ['docs/domain.md', 'docs/architecture.md', 'docs/settings.md']) {
      expect(readme).toContain(`](${doc})`);
    }
  });
});

describe('GitHub anchors', () => {
  it('lowercase, spaces to hyphens, punctuation dropped, CJK kept', () => {
    expect(githubSlug('Metrics and stalled projects (analysts)')).toBe('metrics-and-stalled-projects-analysts');
    expect(githubSlug('Operating the hub (docker compose)')).toBe('operating-the-hub-docker-compose');
    expect(githubSlug('落地率 landing: `REGISTERED_COMPANY`')).toBe('落地率-landing-registered_company');
    expect(githubSlug('Stalled-project rules')).toBe('stalled-project-rules');
  });

  it('numbers repeated headings and ignores headings inside code fences', () => {
    const { anchors, texts } = headingsOf('# Setup\n## Setup\n```sh\n# not a heading\n```\n### `npm start`\n');
    expect([...anchors]).toEqual(['setup', 'setup-1', 'npm-start']);
    expect([...texts]).toEqual(['Setup', 'npm start']);
  });
});
