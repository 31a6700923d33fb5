/**
 * Starts one prefecture subgraph from the environment (README, "For a prefecture running its own subgraph").
 * The only module of the subgraph with side effects.
 */
import 'reflect-metadata';
import { createLogger } from '../../lib/logger.js';
import { createMetricsRegistry } from '../../lib/observability/metrics.js';
import { loadShutdownSettings, onShutdownSignal } from '../../lib/shutdown.js';
import { createPrefectureApp } from './app.js';
import { loadPrefectureConfig } from './config.js';
import { openPrefectureDatabase } from './db/open-database.js';
import { seedDemoDataIfEmpty } from './demo/seed-if-empty.js';

const config = loadPrefectureConfig(process.env);
const shutdown = loadShutdownSettings(process.env);
const logger = createLogger(`prefecture-${config.prefectureCode}`);
const orm = await openPrefectureDatabase(config.database, { migrate: config.migrateOnStart });
if (config.demoData === 'auto') {
  const seeded = await seedDemoDataIfEmpty(orm, config.prefectureCode);
  if (seeded) logger.info({ projects: seeded }, 'empty database: demo data generated');
}
const app = await createPrefectureApp({
  prefectureCode: config.prefectureCode,
  orm,
  dialect: config.database.dialect,
  gatewayTrust: config.gatewayTrust,
  logger,
  metrics: createMetricsRegistry({ processMetrics: true, labels: { prefecture: config.prefectureCode } }),
});
const url = await app.listen(config.port, config.host);
logger.info({ url, database: config.database.dialect }, 'prefecture subgraph ready');

onShutdownSignal(
  logger,
  async () => {
    await app.close(shutdown.drainMs);
    await orm.close(true);
  },
  shutdown,
);
