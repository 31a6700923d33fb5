import type { MikroORM } from '@mikro-orm/core';
import { createLogger } from '../../lib/logger.js';
import type { Actor } from '../../schema/contract/hub-credential.js';
import type { GatewayTrust } from '../../subgraphs/lib/auth/gateway-trust.js';
import { createPrefectureApp, type PrefectureApp } from '../../subgraphs/prefecture/app.js';
import { openPrefectureDatabase } from '../../subgraphs/prefecture/db/open-database.js';
import { hubTokenFor, officerOf, TEST_GATEWAY_TRUST } from './hub-tokens.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './test-databases.js';

export interface GraphQLResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: Record<string, any> }[];
}

export interface PrefectureHarness {
  readonly code: string;
  readonly dialect: Dialect;
  readonly app: PrefectureApp;
  readonly orm: MikroORM;
  readonly database: TestDatabase;
  /** Runs an operation in process as `actor` (default: an officer of this prefecture). */
  execute<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    actor?: Actor,
  ): Promise<GraphQLResult<T>>;
  close(): Promise<void>;
}

/** A prefecture subgraph on a fresh database of the given dialect, migrated and empty. */
/** `gatewayTrust`: the gateway keys the subgraph trusts; default the test gateway's public key. */
export async function startPrefectureHarness(
  dialect: Dialect,
  code = '530100',
  options: { readonly gatewayTrust?: GatewayTrust } = {},
): Promise<PrefectureHarness> {
  const database = await createTestDatabase(dialect);
  const orm = await openPrefectureDatabase(database.target, { migrate: true });
  const app = await createPrefectureApp({
    prefectureCode: code,
    orm,
    dialect,
    gatewayTrust: options.gatewayTrust ?? TEST_GATEWAY_TRUST,
    logger: createLogger(`prefecture-${code}`),
  });
  return {
    code,
    dialect,
    app,
    orm,
    database,
    async execute(query, variables, actor = officerOf(code)) {
      const contextValue = await app.contextFor(await hubTokenFor(actor, code));
      const response = await app.apollo.executeOperation({ query, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
      return response.body.singleResult as GraphQLResult<any>;
    },
    async close() {
      await app.close();
      await orm.close(true);
      await database.drop();
    },
  };
}
