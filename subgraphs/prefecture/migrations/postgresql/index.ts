import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126233141_initial } from './Migration20261126233141_initial.js';
import { Migration20261127022835_stage_sums_index } from './Migration20261127022835_stage_sums_index.js';
import { Migration20261127024707_restore_stage_index } from './Migration20261127024707_restore_stage_index.js';
import { Migration20261202060330_idempotency_keys } from './Migration20261202060330_idempotency_keys.js';
import { Migration20261202093216_ledger_void } from './Migration20261202093216_ledger_void.js';

/** Migrations in the order they apply; listed explicitly so no file globbing happens at run time. */
export const POSTGRESQL_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126233141_initial', class: Migration20261126233141_initial },
  { name: 'Migration20261127022835_stage_sums_index', class: Migration20261127022835_stage_sums_index },
  { name: 'Migration20261127024707_restore_stage_index', class: Migration20261127024707_restore_stage_index },
  { name: 'Migration20261202060330_idempotency_keys', class: Migration20261202060330_idempotency_keys },
  { name: 'Migration20261202093216_ledger_void', class: Migration20261202093216_ledger_void },
];
