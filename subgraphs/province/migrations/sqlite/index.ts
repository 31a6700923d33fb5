import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126234050_initial } from './Migration20261126234050_initial.js';

/** Migrations in the order they apply; listed explicitly so no file globbing happens at run time. */
export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126234050_initial', class: Migration20261126234050_initial },
];
