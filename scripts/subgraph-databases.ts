import type { SubgraphSchemaDefinition } from '../lib/db/orm-options.js';
import { PREFECTURE_DATABASE } from '../subgraphs/prefecture/db/schema-definition.js';
import { PROVINCE_DATABASE } from '../lib/hub-database/schema-definition.js';

/** Every subgraph database with checked-in migrations, by subgraph name. */
export const SUBGRAPH_DATABASES: Readonly<Record<string, SubgraphSchemaDefinition>> = {
  prefecture: PREFECTURE_DATABASE,
  province: PROVINCE_DATABASE,
};
