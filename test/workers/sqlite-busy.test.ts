/**
 * The hub database on SQLite, written by two processes at once as in embedded mode: the province
 * subgraph (settings changes) and the workers (a metrics run's results), each with its own
 * connection. Neither may fail with "database is locked".
 */
import { MikroORM } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/knex';
import { EntityManager } from '@mikro-orm/knex';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSubgraphDatabase } from '../../lib/db/open-database.js';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../lib/db/sqlite-connection-setup.js';
import { PROVINCE_DATABASE } from '../../lib/hub-database/schema-definition.js';
import { AuditEntry } from '../../lib/hub-database/entities/index.js';
import { ADMIN, ANALYST, hubTokenFor } from '../../bench/support/hub-tokens.js';
import { startMetricsHub, type MetricsHubHarness } from '../support/metrics-harness.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';
import { FINAL_RUN_STATES, RUN_METRICS, runStatus, waitForRun, waitUntil } from '../support/metrics-runs.js';
import { createTestDatabase, type TestDatabase } from '../../bench/support/test-databases.js';

describe('every SQLite connection waits for locks', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    orm = await openSubgraphDatabase(PROVINCE_DATABASE, db.target, { migrate: true });
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const knex = (): Knex => (orm.em as EntityManager).getKnex();
  const pragmas = async () => {
    const [busy] = await knex().raw('pragma busy_timeout');
    const [journal] = await knex().raw('pragma journal_mode');
    const [keys] = await knex().raw('pragma foreign_keys');
    return { ...busy, ...journal, ...keys } as Record<string, unknown>;
  };
  const expected = { timeout: SQLITE_BUSY_TIMEOUT_MS, journal_mode: 'wal', foreign_keys: 1 };

  it('has the busy timeout, WAL and foreign keys on the first connection and on the ones replacing it', async () => {
    expect(await pragmas()).toEqual(expected);
    const first: unknown = await knex().client.acquireConnection();
    await knex().client.releaseConnection(first);
    // knex's libsql dialect replaces a connection older than 10 s; age it instead of waiting.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11_000 });
    const second: unknown = await knex().client.acquireConnection();
    await knex().client.releaseConnection(second);
    vi.useRealTimers();
    expect(second).not.toBe(first);
    expect(await pragmas()).toEqual(expected);
  });
});

const WRITES = 60;
const MAX_WAVES = 4;
const SETTINGS_WRITES = [
  'mutation { updateStallThresholds(thresholds: "{\\"startOverdue\\":{\\"redAfterMonths\\":4}}") { thresholds } }',
  'mutation { setLandingDefinition(definition: "REGISTERED_COMPANY") { landingDefinition } }',
  'mutation { setMinimumScheduleInterval(minutes: 60) { minimumIntervalMinutes } }',
];

describe('settings writes while a metrics run writes its results, on SQLite', () => {
  let harness: MetricsHubHarness;
  let workers: WorkerProcess | undefined;
  beforeAll(async () => {
    harness = await startMetricsHub();
  }, 120_000);
  afterAll(async () => {
    await workers?.kill();
    await harness?.close();
  });

  /** One settings change straight at the province subgraph, as the gateway forwards it. */
  async function changeSetting(
    query: string,
  ): Promise<{ status: number; body: { errors?: unknown[]; data?: unknown } }> {
    const response = await fetch(harness.hub.provinceUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-token': await hubTokenFor(ADMIN, 'province') },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, body: (await response.json()) as { errors?: unknown[]; data?: unknown } };
  }

  it(`waves of ${WRITES} concurrent settings writes during a run all succeed; so does the run`, async () => {
    // The workers in their own process, with their own connection to the hub database, as deployed:
    // in one process SQLite statements run synchronously and two connections never interleave.
    workers = await startWorkerProcess(harness, { PAGE_SIZE: '5', CONCURRENCY: '4' });
    const queued = await harness.hub.query(RUN_METRICS, {}, ANALYST);
    expect(queued.errors).toBeUndefined();
    const runId: string = queued.data!.runMetrics.id;

    // Once the workers are reading and writing, waves of writes while the run goes on (a few: a
    // hub writing its settings without pause would keep the workers waiting for the lock).
    await waitUntil(
      'the run under way',
      async () => (await runStatus(harness, runId))?.progress.some((p) => p.projectsRead > 0),
      60_000,
      20,
    );
    const outcomes: Awaited<ReturnType<typeof changeSetting>>[] = [];
    let waves = 0;
    do {
      const wave = Array.from({ length: WRITES }, (_, i) => changeSetting(SETTINGS_WRITES[i % SETTINGS_WRITES.length]));
      outcomes.push(...(await Promise.all(wave)));
      waves++;
    } while (waves < MAX_WAVES && !FINAL_RUN_STATES.includes((await runStatus(harness, runId))!.state));

    const failed = outcomes.filter((o) => o.status !== 200 || o.body.errors?.length);
    expect(failed, JSON.stringify(failed.slice(0, 3))).toEqual([]);
    expect(await waitForRun(harness, runId)).toMatchObject({ state: 'COMPLETED', missingPrefectures: [] });
    // Each write left its audit entry: nothing half written, nothing written twice by a retry.
    const audited = await harness.hub.provinceOrm.em.fork().count(AuditEntry, {
      action: { $in: ['updateStallThresholds', 'setLandingDefinition', 'setMinimumScheduleInterval'] },
    });
    expect(audited).toBe(waves * WRITES);
  }, 180_000);
});
