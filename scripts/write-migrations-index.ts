import { readdirSync, writeFileSync } from 'node:fs';

/** Rewrites `<folder>/index.ts` to list every migration file of the folder in name (time) order. */
export function writeMigrationsIndex(folder: string, exportName: string): void {
  const names = readdirSync(folder)
    .filter((file) => /^Migration\d+_\w+\.ts$/.test(file))
    .map((file) => file.replace(/\.ts$/, ''))
    .sort();
  const lines = [
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((name) => `import { ${name} } from './${name}.js';`),
    '',
    '/** Migrations in the order they apply; listed explicitly so no file globbing happens at run time. */',
    `export const ${exportName}: MigrationObject[] = [`,
    ...names.map((name) => `  { name: '${name}', class: ${name} },`),
    '];',
    '',
  ];
  writeFileSync(`${folder}/index.ts`, lines.join('\n'));
}
