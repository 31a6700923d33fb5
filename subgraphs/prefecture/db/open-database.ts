import type { MikroORM } from '@mikro-orm/core';
import type { DatabaseTarget } from '../../../lib/database-url.js';
import { openSubgraphDatabase, type OpenDatabaseOptions } from '../../../lib/db/open-database.js';
import { PREFECTURE_DATABASE } from './schema-definition.js';

/** Opens one prefecture's database, migrating it when told to. */
export function openPrefectureDatabase(target: DatabaseTarget, options: OpenDatabaseOptions): Promise<MikroORM> {
  return openSubgraphDatabase(PREFECTURE_DATABASE, target, options);
}
