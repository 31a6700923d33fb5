/**
 * Second half of `npm run build`: copies every file tsc does not emit (the GraphQL schemas,
 * schema/prefectures.json, the dashboard's public files, …) from the compiled folders into dist/,
 * at the same relative path, so code that finds a file next to itself (`import.meta.url`) finds
 * it in dist/ too. Files read from the working directory (SUPERGRAPH_PATH, CONTRACT_PATH) are
 * found there as before: run the compiled processes from the project root.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folders tsconfig.build.json compiles. */
const COMPILED = ['lib', 'gateway', 'subgraphs', 'workers', 'schema', 'scripts'];
const EMITTED_BY_TSC = /\.ts$/;

let copied = 0;
for (const folder of COMPILED) {
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || EMITTED_BY_TSC.test(entry.name)) continue;
    const source = join(entry.parentPath, entry.name);
    const target = join('dist', source);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    copied += 1;
  }
}
console.log(`build: ${copied} asset files copied into dist/`);
