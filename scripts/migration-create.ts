/**
 * Writes a new migration for both dialects from the difference between a subgraph's entities and
 * the schema its existing migrations build. Usage: npm run migration:create -- <subgraph> <name>
 * Needs PostgreSQL at $DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { subgraphOrmOptions } from '../lib/db/orm-options.js';
import { SUBGRAPH_DATABASES } from './subgraph-databases.js';
import { writeMigrationsIndex } from './write-migrations-index.js';

const [subgraph, name] = process.argv.slice(2);
const definition = SUBGRAPH_DATABASES[subgraph ?? ''];
if (!definition || !name) {
  throw new Error(`usage: npm run migration:create -- <${Object.keys(SUBGRAPH_DATABASES).join('|')}> <name>`);
}
const dir = mkdtempSync(join(tmpdir(), 'migration-create-'));
const scratchDb = `migration_scratch_${Date.now()}`;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

for (const target of [
  { dialect: 'sqlite' as const, path: join(dir, 'scratch.sqlite') },
  { dialect: 'postgresql' as const, url: adminUrl.replace(/\/[^/]*$/, `/${scratchDb}`) },
]) {
  const orm = await MikroORM.init(subgraphOrmOptions(definition, target));
  if (target.dialect === 'postgresql') await orm.schema.ensureDatabase();
  const migrator = orm.getMigrator();
  await migrator.up();
  const result = await migrator.createMigration(undefined, false, false, name);
  console.log(`${target.dialect}: ${result.fileName || 'no changes'}`);
  writeMigrationsIndex(
    `${definition.migrationsFolder}/${target.dialect}`,
    `${target.dialect === 'sqlite' ? 'SQLITE' : 'POSTGRESQL'}_MIGRATIONS`,
  );
  if (target.dialect === 'postgresql') await orm.schema.dropDatabase(scratchDb);
  await orm.close(true);
}
rmSync(dir, { recursive: true, force: true });
