/** Starts the metric workers from the environment (settings: docs/settings.md, "Workers"). */
import 'reflect-metadata';
import type { EntityManager } from '@mikro-orm/knex';
import { createLogger } from '../lib/logger.js';
import { createMetricsRegistry } from '../lib/observability/metrics.js';
import { startMetricsServer } from '../lib/observability/metrics-server.js';
import { registerQueueDepth } from './observability/job-metrics.js';
import { loadShutdownSettings, onShutdownSignal } from '../lib/shutdown.js';
import { openSubgraphDatabase } from '../lib/db/open-database.js';
import { PROVINCE_DATABASE } from '../lib/hub-database/schema-definition.js';
import { applyStoredSchedule } from '../lib/jobs/stored-schedule.js';
import { loadWorkersConfig } from './config.js';
import { readPrefectureFacts } from './metrics/facts-reader.js';
import { runsQueue } from '../lib/jobs/metrics.queue.js';
import { startMetricsWorkers } from './metrics/metrics.worker.js';
import { whenReady, workerConnection } from '../lib/jobs/redis-connection.js';
import { serviceTokenSource } from './service-token.js';

const config = loadWorkersConfig(process.env);
const shutdown = loadShutdownSettings(process.env);
const logger = createLogger('workers');
const redis = workerConnection(config.redisUrl);
await whenReady(redis, config.redisUrl, 10_000);
const orm = await openSubgraphDatabase(PROVINCE_DATABASE, config.database, { migrate: false });
const { gatewayToken } = config;
const token = gatewayToken ? () => Promise.resolve(gatewayToken) : serviceTokenSource(config.userTokens);

// The schedule analysts set (or the default, 02:00 Asia/Shanghai) exists whenever a worker runs.
const queue = runsQueue(redis, config.queuePrefix);
const schedule = await applyStoredSchedule(orm.em.fork() as EntityManager, queue);
await queue.close();

const metrics = createMetricsRegistry({ processMetrics: true });
const depth = registerQueueDepth(metrics, redis, config.queuePrefix);
const workers = startMetricsWorkers({
  metrics,
  connection: redis,
  orm,
  logger,
  concurrency: config.concurrency,
  retry: { attempts: config.attempts, backoffMs: config.backoffMs },
  timezone: config.timezone,
  lockDurationMs: config.lockDurationMs,
  stalledIntervalMs: config.stalledIntervalMs,
  prefix: config.queuePrefix,
  readFacts: (code) =>
    readPrefectureFacts(
      { gatewayUrl: config.gatewayUrl, token, pageSize: config.pageSize, timeoutMs: config.readTimeoutMs },
      code,
    ),
});
// Loaded only when it serves: bull-board and express cost ~9 MiB a worker with BOARD_PORT=off.
const board = config.board
  ? await (
      await import('./board/queue-board.js')
    ).startQueueBoard({ connection: redis, prefix: config.queuePrefix, tokens: config.userTokens, ...config.board })
  : null;
const metricsServer = config.metricsListener
  ? await startMetricsServer({ registry: metrics, ...config.metricsListener, ready: () => redis.status === 'ready' })
  : null;
logger.info(
  { schedule, concurrency: config.concurrency, board: board?.url ?? 'off', metrics: metricsServer?.url ?? 'off' },
  'metric workers ready',
);

onShutdownSignal(logger, async () => {
  // The HTTP listeners drain while the active jobs finish.
  const listeners = Promise.all([board?.close(shutdown.drainMs), metricsServer?.close(shutdown.drainMs)]);
  await workers.close();
  await depth.close();
  await listeners;
  await orm.close(true);
  redis.disconnect();
  // No overall deadline here: active jobs may run for minutes (compose gives workers 5 minutes to stop).
});
