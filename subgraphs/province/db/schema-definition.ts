import type { SubgraphSchemaDefinition } from '../../lib/db/orm-options.js';
import { RegisteredPrefecture } from '../entities/registered-prefecture.entity.js';
import { POSTGRESQL_MIGRATIONS } from '../migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite/index.js';

/** The hub database: its entities and checked-in migrations. */
export const PROVINCE_DATABASE: SubgraphSchemaDefinition = {
  entities: [RegisteredPrefecture],
  migrations: { sqlite: SQLITE_MIGRATIONS, postgresql: POSTGRESQL_MIGRATIONS },
  migrationsFolder: 'subgraphs/province/migrations',
};
