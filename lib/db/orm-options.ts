import type { MigrationObject, Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseTarget } from '../database-url.js';
import { setUpSqliteConnection } from './sqlite-connection-setup.js';

/** What differs between the subgraphs' databases: their entities and migrations. */
export interface SubgraphSchemaDefinition {
  readonly entities: Options['entities'];
  /** Checked-in migrations per dialect, listed so nothing globs files at run time. */
  readonly migrations: Readonly<Record<DatabaseTarget['dialect'], MigrationObject[]>>;
  /** Folder of the migrations, from the project root, for `npm run migration:create`. */
  readonly migrationsFolder: string;
}

/** MikroORM options of a subgraph database on SQLite (libsql) or PostgreSQL. */
export function subgraphOrmOptions(definition: SubgraphSchemaDefinition, target: DatabaseTarget): Options {
  const migrations = {
    tableName: 'mikro_orm_migrations',
    migrationsList: definition.migrations[target.dialect],
    path: `${definition.migrationsFolder}/${target.dialect}`,
    emit: 'ts' as const,
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    // Applied migrations are logged by the caller as structured JSON, not printed by MikroORM.
    silent: true,
  };
  const common = {
    entities: definition.entities,
    // Entities declare every column type explicitly, so no reflection or TS compiler is needed.
    discovery: { requireEntitiesArray: true },
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: false,
    migrations,
  };
  return target.dialect === 'postgresql'
    ? { ...common, driver: PostgreSqlDriver, clientUrl: target.url }
    : { ...common, driver: LibSqlDriver, dbName: target.path, pool: { afterCreate: setUpSqliteConnection } };
}
