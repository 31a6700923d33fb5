import { startService, type ServiceProcess } from '../../scripts/service-process.js';
import { TEST_USER_TOKENS } from '../../bench/support/hub-harness.js';
import type { MetricsHubHarness } from './metrics-harness.js';

/** The workers' process: exit, output and log waits as every service started by the tests. */
export type WorkerProcess = ServiceProcess;

/**
 * The metric workers as production runs them (`workers/server.ts` in its own Node process) wired
 * to a metrics harness: its gateway, its hub database file, its queue prefix and Redis. Resolves
 * once the process logs that it is ready.
 */
export async function startWorkerProcess(
  harness: MetricsHubHarness,
  env: Record<string, string> = {},
  readyTimeoutMs = 45_000,
): Promise<WorkerProcess> {
  const workers = startService({
    name: 'workers/server.ts',
    entry: 'workers/server.ts',
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      GATEWAY_URL: harness.hub.gatewayUrl,
      SQLITE_PATH: harness.provinceDbPath,
      USER_TOKEN_SECRET: TEST_USER_TOKENS.secret,
      USER_TOKEN_ISSUER: TEST_USER_TOKENS.issuer,
      USER_TOKEN_AUDIENCE: TEST_USER_TOKENS.audience,
      REDIS_URL: harness.redisUrl,
      QUEUE_PREFIX: harness.prefix,
      ATTEMPTS: '2',
      BACKOFF_MS: '100',
      LOCK_DURATION_MS: '2000',
      STALLED_INTERVAL_MS: '1000',
      CONCURRENCY: '2',
      BOARD_PORT: 'off',
      METRICS_PORT: 'off',
      ...env,
    },
  });
  try {
    await workers.waitForMessage('metric workers ready', readyTimeoutMs);
  } catch (error) {
    await workers.kill();
    throw error;
  }
  return workers;
}
