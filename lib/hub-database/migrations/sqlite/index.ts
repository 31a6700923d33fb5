import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126234050_initial } from './Migration20261126234050_initial.js';
import { Migration20261126235935_metrics } from './Migration20261126235935_metrics.js';
import { Migration20261127004304_audit } from './Migration20261127004304_audit.js';
import { Migration20261202060338_idempotency_keys } from './Migration20261202060338_idempotency_keys.js';
import { Migration20261202092902_stall_flag_cohort } from './Migration20261202092902_stall_flag_cohort.js';

/** Migrations in the order they apply; listed explicitly so no file globbing happens at run time. */
export const SQLITE_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126234050_initial', class: Migration20261126234050_initial },
  { name: 'Migration20261126235935_metrics', class: Migration20261126235935_metrics },
  { name: 'Migration20261127004304_audit', class: Migration20261127004304_audit },
  { name: 'Migration20261202060338_idempotency_keys', class: Migration20261202060338_idempotency_keys },
  { name: 'Migration20261202092902_stall_flag_cohort', class: Migration20261202092902_stall_flag_cohort },
];
