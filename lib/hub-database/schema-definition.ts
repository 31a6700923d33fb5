import type { SubgraphSchemaDefinition } from '../db/orm-options.js';
import { PROVINCE_ENTITIES } from './entities/index.js';
import { POSTGRESQL_MIGRATIONS } from './migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';

/** The hub database: its entities and checked-in migrations. */
export const PROVINCE_DATABASE: SubgraphSchemaDefinition = {
  entities: PROVINCE_ENTITIES,
  migrations: { sqlite: SQLITE_MIGRATIONS, postgresql: POSTGRESQL_MIGRATIONS },
  migrationsFolder: 'lib/hub-database/migrations',
};
