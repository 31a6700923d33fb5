import { MikroORM } from '@mikro-orm/core';
import type { DatabaseTarget } from '../database-url.js';
import { subgraphOrmOptions, type SubgraphSchemaDefinition } from './orm-options.js';

export interface OpenDatabaseOptions {
  /** Apply pending migrations; otherwise refuse to open a database that has any. */
  readonly migrate: boolean;
}

/**
 * Opens a subgraph database and brings its schema up to date through the checked-in migrations
 * only (never a schema sync, which may drop columns).
 */
export async function openSubgraphDatabase(
  definition: SubgraphSchemaDefinition,
  target: DatabaseTarget,
  options: OpenDatabaseOptions,
): Promise<MikroORM> {
  const orm = await MikroORM.init(subgraphOrmOptions(definition, target));
  try {
    // SQLite's WAL mode and busy timeout are set on every connection as the pool opens it (orm-options.ts).
    const migrator = orm.getMigrator();
    const pending = await migrator.getPendingMigrations();
    if (pending.length > 0) {
      if (!options.migrate) {
        throw new Error(
          `database has ${pending.length} pending migration(s) (${pending.map((m) => m.name).join(', ')}); ` +
            'run `npm run db:migrate` or set MIGRATE_ON_START=true',
        );
      }
      await migrator.up();
    }
    return orm;
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}
