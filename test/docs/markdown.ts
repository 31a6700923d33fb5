import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What the documentation-link tests need of the repository: its text files, markdown headings and
 * GitHub's anchors for them.
 */

/** The heading an anchor points at, as GitHub derives it: lowercase, punctuation dropped, spaces → '-'. */
export function githubSlug(heading: string): string {
  return plainHeading(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Heading text as read: inline code, emphasis and links reduced to their text. */
function plainHeading(heading: string): string {
  return heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim();
}

/** Lines of a markdown file outside fenced code blocks, with their 1-based numbers. */
export function proseLines(markdown: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s*(```|~~~)/.exec(text)?.[1];
    if (marker && (fence === null || fence === marker)) {
      fence = fence === null ? marker : null;
      return;
    }
    if (fence === null) lines.push({ line: index + 1, text });
  });
  return lines;
}

/** The headings of a markdown file (texts as read) and their anchors, duplicates numbered as GitHub does. */
export function headingsOf(markdown: string): { texts: Set<string>; anchors: Set<string> } {
  const texts = new Set<string>();
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(text)?.[1];
    if (!heading) continue;
    texts.add(plainHeading(heading));
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
    seen.set(slug, count + 1);
  }
  return { texts, anchors };
}

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', 'data', 'test-results', 'dist', 'coverage']);
const TEXT_FILE = /\.(ts|js|mjs|cjs|graphql|ya?ml|sh|md|html|css|json)$|^(Dockerfile|run|\.env\.example)$/;

/** Every text file of the repository the docs may be cited from, as paths relative to `root`. */
export function repositoryTextFiles(root: string, directory = root): string[] {
  const files: string[] = [];
  for (const name of readdirSync(directory)) {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(name)) files.push(...repositoryTextFiles(root, path));
    } else if (TEXT_FILE.test(name) && name !== 'package-lock.json') {
      files.push(relative(root, path));
    }
  }
  return files.sort();
}

export function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}
