import type { Options } from '@mikro-orm/core';
import { LibSqlDriver } from '@mikro-orm/libsql';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { DatabaseTarget } from '../../../lib/database-url.js';
import { PREFECTURE_ENTITIES } from '../entities/index.js';
import { POSTGRESQL_MIGRATIONS } from '../migrations/postgresql/index.js';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite/index.js';

/** MikroORM options for one prefecture's database, SQLite or PostgreSQL. */
export function prefectureOrmOptions(target: DatabaseTarget): Options {
  const common = {
    entities: PREFECTURE_ENTITIES,
    // Entities declare every column type explicitly, so no reflection or TS compiler is needed.
    discovery: { requireEntitiesArray: true },
    extensions: [Migrator],
    allowGlobalContext: false,
    debug: false,
  } satisfies Options;
  if (target.dialect === 'postgresql') {
    return {
      ...common,
      driver: PostgreSqlDriver,
      clientUrl: target.url,
      migrations: {
        tableName: 'mikro_orm_migrations',
        migrationsList: POSTGRESQL_MIGRATIONS,
        path: 'subgraphs/prefecture/migrations/postgresql',
        emit: 'ts',
        transactional: true,
        allOrNothing: true,
        snapshot: false,
      },
    } as Options;
  }
  return {
    ...common,
    driver: LibSqlDriver,
    dbName: target.path,
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: SQLITE_MIGRATIONS,
      path: 'subgraphs/prefecture/migrations/sqlite',
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
  } as Options;
}
