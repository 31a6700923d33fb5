/** Starts the gateway from the environment (settings: docs/settings.md, "Gateway"). */
import { readFileSync } from 'node:fs';
import { createLogger } from '../lib/logger.js';
import { createMetricsRegistry } from '../lib/observability/metrics.js';
import { loadShutdownSettings, onShutdownSignal } from '../lib/shutdown.js';
import { createGatewayApp } from './app.js';
import { loadGatewayConfig } from './config.js';
import { loadPrefectureContract } from './contract/prefecture-contract.js';

const config = loadGatewayConfig(process.env);
const shutdown = loadShutdownSettings(process.env);
const logger = createLogger('gateway');
const app = await createGatewayApp({
  supergraphSdl: readFileSync(config.supergraphPath, 'utf8'),
  contract: loadPrefectureContract(config.contractPath),
  provinceUrl: config.provinceUrl,
  signingKeys: config.signingKeys,
  userTokens: config.userTokens,
  shardTimeoutMs: config.shardTimeoutMs,
  shardLimits: config.shardLimits,
  healthIntervalMs: config.healthIntervalMs,
  registryPollMs: config.registryPollMs,
  corsOrigins: config.corsOrigins,
  rateLimit: config.rateLimit,
  operationLimits: config.operationLimits,
  trustedDocumentsOnly: config.trustedDocumentsOnly,
  cache: config.cache,
  ledgerMaxUploadBytes: config.ledgerMaxUploadBytes,
  ledgerShardTimeoutMs: config.ledgerShardTimeoutMs,
  ledgerExportProcesses: config.ledgerExportProcesses,
  ledgerExportMaxHeapMb: config.ledgerExportMaxHeapMb,
  logger,
  metrics: createMetricsRegistry({ processMetrics: true }),
});
const url = await app.listen(config.port, config.host);
const serving = app.registry.all().filter((s) => s.state === 'SERVING').length;
logger.info({ url, shardsServing: serving, shards: app.registry.codes().length }, 'gateway ready');

onShutdownSignal(logger, () => app.close(shutdown.drainMs), shutdown);
