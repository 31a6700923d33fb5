/** Starts the province subgraph from the environment (settings: docs/settings.md, "Province subgraph"). */
import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/knex';
import { createLogger } from '../../lib/logger.js';
import { createMetricsRegistry } from '../../lib/observability/metrics.js';
import { loadShutdownSettings, onShutdownSignal } from '../../lib/shutdown.js';
import { openSubgraphDatabase } from '../../lib/db/open-database.js';
import { createProvinceApp } from './app.js';
import { loadProvinceConfig } from './config.js';
import { PROVINCE_DATABASE } from '../../lib/hub-database/schema-definition.js';
import { applyStoredSchedule } from '../../lib/jobs/stored-schedule.js';
import { syncRegistry } from './services/prefecture-registry.js';
import { runsQueue } from '../../lib/jobs/metrics.queue.js';
import { producerConnection } from '../../lib/jobs/redis-connection.js';

const config = loadProvinceConfig(process.env);
const shutdown = loadShutdownSettings(process.env);
const logger = createLogger('province');
const orm = await openSubgraphDatabase(PROVINCE_DATABASE, config.database, { migrate: config.migrateOnStart });
await syncRegistry(orm.em.fork() as EntityManager, config.initialShardUrls, config.shardUrlsOwnedByStart);
// Producer side of the metric jobs: fails fast when Redis is down, so analysts hear it at once.
const redis = config.redisUrl ? producerConnection(config.redisUrl) : null;
redis?.on('error', (error) =>
  logger.warn({ err: error.message }, 'Redis unreachable: metric runs cannot be queued until it is back'),
);
const runs = redis ? runsQueue(redis, config.queuePrefix) : null;
// Analysts see the next nightly run even before a worker has started; Redis down must not stop the hub.
if (runs)
  await applyStoredSchedule(orm.em.fork() as EntityManager, runs).catch((error: Error) =>
    logger.warn({ err: error.message }, 'could not set the nightly schedule yet'),
  );
const app = await createProvinceApp({
  orm,
  gatewayTrust: config.gatewayTrust,
  logger,
  runs,
  metrics: createMetricsRegistry({ processMetrics: true }),
});
const url = await app.listen(config.port, config.host);
logger.info({ url, database: config.database.dialect }, 'province subgraph ready');

onShutdownSignal(
  logger,
  async () => {
    await app.close(shutdown.drainMs);
    await runs?.close();
    redis?.disconnect();
    await orm.close(true);
  },
  shutdown,
);
