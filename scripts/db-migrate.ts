/**
 * Applies pending migrations to one subgraph database and exits; never drops data (migrations
 * are reviewed SQL, not a schema sync). Reads the same settings as the subgraph it migrates:
 *   PREFECTURE_CODE=530100 DATABASE_URL=postgres://… npm run db:migrate
 *   SUBGRAPH=province DATABASE_URL=postgres://…/hub npm run db:migrate
 * SUBGRAPH is `prefecture` (default) or `province` (the hub database, also the workers').
 */
import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/core';
import { ConfigError } from '../lib/parse-config.js';
import { openSubgraphDatabase } from '../lib/db/open-database.js';
import { loadPrefectureConfig } from '../subgraphs/prefecture/config.js';
import { openPrefectureDatabase } from '../subgraphs/prefecture/db/open-database.js';
import { loadProvinceConfig } from '../subgraphs/province/config.js';
import { PROVINCE_DATABASE } from '../lib/hub-database/schema-definition.js';

// Migrations need no gateway key; the subgraphs' loaders insist on a key source, so one is named
// when the environment has none (it is never fetched).
const hasKeySource = Boolean(process.env.GATEWAY_PUBLIC_KEYS || process.env.GATEWAY_JWKS_URL);
const env = hasKeySource
  ? process.env
  : { ...process.env, GATEWAY_JWKS_URL: 'http://unused-by-migrations.invalid/jwks.json' };
const subgraph = process.env.SUBGRAPH ?? 'prefecture';

async function migrate(): Promise<{ orm: MikroORM; label: string; dialect: string }> {
  if (subgraph === 'prefecture') {
    const config = loadPrefectureConfig(env);
    return {
      orm: await openPrefectureDatabase(config.database, { migrate: true }),
      label: `prefecture ${config.prefectureCode}`,
      dialect: config.database.dialect,
    };
  }
  if (subgraph === 'province') {
    const config = loadProvinceConfig(env);
    return {
      orm: await openSubgraphDatabase(PROVINCE_DATABASE, config.database, { migrate: true }),
      label: 'province (hub database)',
      dialect: config.database.dialect,
    };
  }
  throw new ConfigError(
    `invalid migration settings:\n  SUBGRAPH: must be "prefecture" or "province", not ${JSON.stringify(subgraph)}`,
  );
}

try {
  const { orm, label, dialect } = await migrate();
  const executed = await orm.getMigrator().getExecutedMigrations();
  console.log(`${label}: schema at ${executed.at(-1)?.name ?? 'no migrations'} (${dialect})`);
  await orm.close(true);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
