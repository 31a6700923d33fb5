import type { SubgraphSchemaDefinition } from '../../../lib/db/orm-options.js';
import { PREFECTURE_ENTITIES } from '../entities/index.js';
import { POSTGRESQL_MIGRATIONS } from '../migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite/index.js';

/** The prefecture database: its entities and checked-in migrations. */
export const PREFECTURE_DATABASE: SubgraphSchemaDefinition = {
  entities: PREFECTURE_ENTITIES,
  migrations: { sqlite: SQLITE_MIGRATIONS, postgresql: POSTGRESQL_MIGRATIONS },
  migrationsFolder: 'subgraphs/prefecture/migrations',
};
