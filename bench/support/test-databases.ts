import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseTarget } from '../../lib/database-url.js';

export type Dialect = DatabaseTarget['dialect'];
/** Every suite that touches storage runs on both; PostgreSQL must be running (see README, "Tests"). */
export const DIALECTS: readonly Dialect[] = ['sqlite', 'postgresql'];

/** Administrative connection used to create and drop scratch databases. */
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly target: DatabaseTarget;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database owned by one test file: a temp SQLite file, or a new PostgreSQL
 * database on the local server. Fails loudly when PostgreSQL is not reachable.
 */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'hub-test-'));
    return {
      target: { dialect: 'sqlite', path: join(dir, 'test.sqlite') },
      drop() {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      },
    };
  }
  const name = `hub_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  await adminQuery(`create database ${name}`);
  return {
    target: { dialect: 'postgresql', url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`) },
    async drop() {
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${ADMIN_URL} (${(error as Error).message}). Start it: ` +
        'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
      { cause: error },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
