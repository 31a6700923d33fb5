/** Writes docs/settings.md from the processes' zod schemas: `npm run docs:settings`. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSettingsDoc } from './settings-doc/render.js';

const target = fileURLToPath(new URL('../docs/settings.md', import.meta.url));
writeFileSync(target, renderSettingsDoc());
console.log(`wrote ${target}`);
