import type { EntityManager } from '@mikro-orm/knex';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createLogger } from '../../lib/logger.js';
import type { RunRequest } from '../../lib/jobs/metrics-jobs.js';
import { PREFECTURES } from '../../schema/prefectures.js';
import { seedDemoData } from '../../subgraphs/prefecture/demo/index.js';
import { readPrefectureFacts } from '../../workers/metrics/facts-reader.js';
import { runsQueue } from '../../lib/jobs/metrics.queue.js';
import { startMetricsWorkers, type MetricsWorkers } from '../../workers/metrics/metrics.worker.js';
import { serviceTokenSource } from '../../workers/service-token.js';
import {
  startHubHarness,
  TEST_USER_TOKENS,
  type HubHarness,
  type HubHarnessOptions,
} from '../../bench/support/hub-harness.js';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Fails loudly, with how to start it, when the test Redis is not running. */
export async function connectTestRedis(url = TEST_REDIS_URL): Promise<Redis> {
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const start = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379';
    throw new Error(`Redis is not reachable at ${url} (${(error as Error).message}). Start it: ${start}`, {
      cause: error,
    });
  }
  return redis;
}

/** A queue prefix of one test file: its own keys in the shared Redis, removed afterwards. */
export function testQueuePrefix(): string {
  return `{hubtest-${process.pid}-${Math.random().toString(36).slice(2, 8)}}`;
}

export async function deleteQueueKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
}

export interface MetricsHubHarness {
  readonly hub: HubHarness;
  readonly redis: Redis;
  /** URL of the Redis the queues live on. */
  readonly redisUrl: string;
  readonly prefix: string;
  /** Path of the hub (province) SQLite database file, e.g. for a worker process's SQLITE_PATH. */
  readonly provinceDbPath: string;
  readonly runs: Queue<RunRequest>;
  /** Starts in-process workers (stop them with their close()). */
  startWorkers(overrides?: {
    attempts?: number;
    backoffMs?: number;
    lockDurationMs?: number;
    stalledIntervalMs?: number;
    pageSize?: number;
    concurrency?: number;
  }): MetricsWorkers;
  close(): Promise<void>;
}

/**
 * The hub with demo data in every shard, the province wired to a test queue on the real Redis,
 * and workers reading through the gateway, as in production.
 */
export async function startMetricsHub(
  options: Partial<HubHarnessOptions> & {
    demoProjects?: number;
    /** Redis for the queues; default TEST_REDIS_URL. */
    redisUrl?: string;
    /**
     * Let the harness's connection (the province's producer and in-process workers) reconnect when
     * Redis goes away, as production connections do; default false (fail at once).
     */
    redisReconnect?: boolean;
  } = {},
): Promise<MetricsHubHarness> {
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const redis = await connectTestRedis(redisUrl);
  if (options.redisReconnect) redis.options.retryStrategy = (attempt: number) => Math.min(attempt * 100, 1_000);
  const prefix = testQueuePrefix();
  const runs = runsQueue(redis, prefix);
  const hub = await startHubHarness({ codes: PREFECTURES.map((p) => p.code), ...options, runs });
  await Promise.all(
    [...hub.shards].map(([code, shard]) =>
      seedDemoData(shard.harness.orm.em.fork() as EntityManager, {
        prefectureCode: code,
        projects: options.demoProjects ?? 20,
      }),
    ),
  );
  const workers: MetricsWorkers[] = [];
  const token = serviceTokenSource(TEST_USER_TOKENS);
  return {
    hub,
    redis,
    redisUrl,
    prefix,
    provinceDbPath: hub.provinceOrm.config.get<'dbName', string>('dbName'),
    runs,
    startWorkers(overrides = {}) {
      const started = startMetricsWorkers({
        connection: redis,
        orm: hub.provinceOrm,
        logger: createLogger('test-workers'),
        prefix,
        concurrency: overrides.concurrency ?? 4,
        timezone: 'Asia/Shanghai',
        retry: { attempts: overrides.attempts ?? 2, backoffMs: overrides.backoffMs ?? 100 },
        lockDurationMs: overrides.lockDurationMs,
        stalledIntervalMs: overrides.stalledIntervalMs,
        readFacts: (code) =>
          readPrefectureFacts(
            { gatewayUrl: hub.gatewayUrl, token, pageSize: overrides.pageSize ?? 200, timeoutMs: 10_000 },
            code,
          ),
      });
      workers.push(started);
      return started;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await runs.close();
      await deleteQueueKeys(redis, prefix);
      redis.disconnect();
      await hub.close();
    },
  };
}
