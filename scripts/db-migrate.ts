/**
 * Applies pending migrations to one prefecture database and exits; never drops data (migrations
 * are reviewed SQL, not a schema sync). Reads the same settings as the subgraph:
 *   PREFECTURE_CODE=530100 DATABASE_URL=postgres://… npm run db:migrate
 */
import 'reflect-metadata';
import { loadPrefectureConfig } from '../subgraphs/prefecture/config.js';
import { openPrefectureDatabase } from '../subgraphs/prefecture/db/open-database.js';

const config = loadPrefectureConfig({ HUB_TOKEN_SECRET: 'unused-by-migrations-but-required-000', ...process.env });
const orm = await openPrefectureDatabase(config.database, { migrate: false }).catch(async (error: Error) => {
  if (!/pending migration/.test(error.message)) throw error;
  return openPrefectureDatabase(config.database, { migrate: true });
});
const executed = await orm.getMigrator().getExecutedMigrations();
console.log(`prefecture ${config.prefectureCode}: schema at ${executed.at(-1)?.name ?? 'no migrations'} (${config.database.dialect})`);
await orm.close(true);
