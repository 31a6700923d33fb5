import { MikroORM } from '@mikro-orm/core';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_DATABASES } from '../../scripts/subgraph-databases.js';
import { openSubgraphDatabase } from '../../lib/db/open-database.js';
import { subgraphOrmOptions } from '../../lib/db/orm-options.js';
import { createTestDatabase, DIALECTS } from '../../bench/support/test-databases.js';

/** Tables, columns and indexes of a SQLite database, as SQLite itself reports them. */
async function sqliteShape(orm: MikroORM): Promise<unknown> {
  const connection = orm.em.getConnection();
  const tables = await connection.execute<{ name: string }[]>(
    "select name from sqlite_master where type = 'table' and name not like 'mikro_orm%' and name not like 'sqlite_%' order by name",
  );
  const shape: Record<string, unknown> = {};
  for (const { name } of tables) {
    const indexes: { name: string; unique: number }[] = await connection.execute(`pragma index_list(\`${name}\`)`);
    shape[name] = {
      columns: await connection.execute(`pragma table_info(\`${name}\`)`),
      foreignKeys: await connection.execute(`pragma foreign_key_list(\`${name}\`)`),
      indexes: await Promise.all(
        indexes
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(async (index) => ({
            ...index,
            columns: await connection.execute(`pragma index_info(\`${index.name}\`)`),
          })),
      ),
    };
  }
  return shape;
}

const CASES = Object.entries(SUBGRAPH_DATABASES).flatMap(([name, definition]) =>
  DIALECTS.map((dialect) => ({ name, definition, dialect })),
);

describe.each(CASES)('$name migrations on $dialect', ({ definition, dialect }) => {
  it('build exactly the schema the entities describe (run `npm run migration:create -- <name>` after changing them)', async () => {
    const migrated = await createTestDatabase(dialect);
    const orm = await openSubgraphDatabase(definition, migrated.target, { migrate: true });
    try {
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
      if (dialect === 'postgresql') {
        expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
        return;
      }
      // MikroORM's SQLite diff reports enum check constraints as changed even when equal, so
      // compare what SQLite reports for a migrated database and one built from the entities.
      const fresh = await createTestDatabase('sqlite');
      const fromEntities = await MikroORM.init(subgraphOrmOptions(definition, fresh.target));
      try {
        await fromEntities.schema.createSchema();
        expect(await sqliteShape(orm)).toEqual(await sqliteShape(fromEntities));
      } finally {
        await fromEntities.close(true);
        await fresh.drop();
      }
    } finally {
      await orm.close(true);
      await migrated.drop();
    }
  });

  it('refuses to open a database with pending migrations unless told to migrate', async () => {
    const database = await createTestDatabase(dialect);
    try {
      await expect(openSubgraphDatabase(definition, database.target, { migrate: false })).rejects.toThrow(
        /pending migration/,
      );
    } finally {
      await database.drop();
    }
  });
});
