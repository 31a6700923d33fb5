/**
 * Writes a new migration for both dialects from the difference between the entities and the
 * schema the existing migrations build. Usage: npm run migration:create -- <name>
 * Needs PostgreSQL at $DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { prefectureOrmOptions } from '../subgraphs/prefecture/db/orm-options.js';

const name = process.argv[2];
if (!name) throw new Error('usage: npm run migration:create -- <name>');
const dir = mkdtempSync(join(tmpdir(), 'migration-create-'));
const scratchDb = `migration_scratch_${Date.now()}`;
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

for (const target of [
  { dialect: 'sqlite' as const, path: join(dir, 'scratch.sqlite') },
  { dialect: 'postgresql' as const, url: adminUrl.replace(/\/[^/]*$/, `/${scratchDb}`) },
]) {
  const orm = await MikroORM.init(prefectureOrmOptions(target));
  if (target.dialect === 'postgresql') await orm.schema.ensureDatabase();
  const migrator = orm.getMigrator();
  await migrator.up();
  const result = await migrator.createMigration(undefined, false, false, name);
  console.log(`${target.dialect}: ${result.fileName || 'no changes'}`);
  if (target.dialect === 'postgresql') await orm.schema.dropDatabase(scratchDb);
  await orm.close(true);
}
rmSync(dir, { recursive: true, force: true });
