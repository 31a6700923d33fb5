/**
 * Logs and metrics across processes' boundaries, over real HTTP: the request id a client (or the
 * gateway) gives a request reaches the shard's log lines and comes back in the response; an
 * analyst's run request carries its id into the metric jobs, their logs and their reads; and the
 * gateway, the subgraphs and the workers serve the Prometheus metrics the README documents.
 */
import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/core';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../lib/logger.js';
import { createMetricsRegistry } from '../../lib/observability/metrics.js';
import { startMetricsServer } from '../../lib/observability/metrics-server.js';
import { METRICS_QUEUES, type RunRequest } from '../../lib/jobs/metrics-jobs.js';
import { createPrefectureApp, type PrefectureApp } from '../../subgraphs/prefecture/app.js';
import { seedDemoData } from '../../subgraphs/prefecture/demo/index.js';
import { openPrefectureDatabase } from '../../subgraphs/prefecture/db/open-database.js';
import { Project } from '../../subgraphs/prefecture/entities/index.js';
import { readPrefectureFacts } from '../../workers/metrics/facts-reader.js';
import { runsQueue } from '../../lib/jobs/metrics.queue.js';
import { startMetricsWorkers, type MetricsWorkers } from '../../workers/metrics/metrics.worker.js';
import { registerQueueDepth } from '../../workers/observability/job-metrics.js';
import { serviceTokenSource } from '../../workers/service-token.js';
import { startHubHarness, TEST_USER_TOKENS, type HubHarness } from '../../bench/support/hub-harness.js';
import { ANALYST, TEST_GATEWAY_TRUST, VIEWER } from '../../bench/support/hub-tokens.js';
import { connectTestRedis, deleteQueueKeys, testQueuePrefix } from '../support/metrics-harness.js';
import { waitUntil } from '../support/metrics-runs.js';
import { createTestDatabase, type TestDatabase } from '../../bench/support/test-databases.js';

/** A logger whose JSON lines the test reads. */
function captureLogger(name: string): { logger: Logger; lines: Record<string, any>[] } {
  const lines: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger(name, {}, sink), lines };
}

/** The value of one sample in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const SHARD = '530100';

describe('request ids, job logs and /metrics across the gateway, a shard and the workers', () => {
  let hub: HubHarness;
  let shard: {
    app: PrefectureApp;
    orm: MikroORM;
    db: TestDatabase;
    url: string;
    lines: Record<string, any>[];
    projects: number;
  };
  let redis: Redis;
  let prefix: string;
  let runs: Queue<RunRequest>;

  beforeAll(async () => {
    // The shard under observation: its own logger, demo data, registered with the hub for 530100.
    const db = await createTestDatabase('sqlite');
    const orm = await openPrefectureDatabase(db.target, { migrate: true });
    await seedDemoData(orm.em.fork(), { prefectureCode: SHARD, projects: 12 });
    const { logger, lines } = captureLogger(`prefecture-${SHARD}`);
    const app = await createPrefectureApp({
      prefectureCode: SHARD,
      orm,
      dialect: 'sqlite',
      gatewayTrust: TEST_GATEWAY_TRUST,
      logger,
    });
    const url = await app.listen(0, '127.0.0.1');
    shard = { app, orm, db, url, lines, projects: await orm.em.fork().count(Project, {}) };

    redis = await connectTestRedis();
    prefix = testQueuePrefix();
    runs = runsQueue(redis, prefix);
    hub = await startHubHarness({
      codes: [SHARD, '530300'],
      urlFor: (code, real) => (code === SHARD ? url : real),
      runs,
    });
    await hub.gateway.refresh();
  });

  afterAll(async () => {
    await hub?.close();
    await runs?.close();
    if (redis) {
      await deleteQueueKeys(redis, prefix);
      redis.disconnect();
    }
    await shard?.app.close();
    await shard?.orm.close(true);
    await shard?.db.drop();
  });

  async function post(
    query: string,
    headers: Record<string, string> = {},
    actor = VIEWER,
    variables?: Record<string, unknown>,
  ) {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.tokenFor(actor)}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return {
      requestId: response.headers.get('x-request-id'),
      body: (await response.json()) as { data?: any; errors?: any[] },
    };
  }

  const shardRequestLines = (requestId: string) =>
    shard.lines.filter((l) => l.msg === 'request' && l.requestId === requestId);

  it("keeps a caller's x-request-id from the gateway to the shard's log lines and back in the response", async () => {
    const { requestId, body } = await post(
      `{ projects(first: 3, filter: { prefectures: ["${SHARD}"] }) { totalCount } }`,
      { 'x-request-id': 'dashboard-req-000042' },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.projects.totalCount).toBe(shard.projects);
    expect(requestId).toBe('dashboard-req-000042');
    expect(shardRequestLines('dashboard-req-000042')).toEqual([
      expect.objectContaining({
        service: `prefecture-${SHARD}`,
        route: '/graphql',
        method: 'POST',
        status: 200,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('gives a request without an id (or with a malformed one) a new id, the same at the gateway and the shard', async () => {
    for (const headers of [{}, { 'x-request-id': 'bad id with spaces' }] as Record<string, string>[]) {
      const { requestId, body } = await post(
        `{ projectStats(filter: { prefectures: ["${SHARD}"] }) { total } }`,
        headers,
      );
      expect(body.data.projectStats.total).toBe(shard.projects);
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(shardRequestLines(requestId!)).toHaveLength(1);
    }
  });

  it('writes the request id on every line of a request, including internal errors', async () => {
    // An unauthenticated call straight to the shard is refused; its line still names the request.
    const response = await fetch(shard.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'direct-call-000001' },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('x-request-id')).toBe('direct-call-000001');
    expect(shardRequestLines('direct-call-000001')).toEqual([expect.objectContaining({ status: 401 })]);
  });

  it('serves per-shard latency, shard health and HTTP durations at the gateway /metrics', async () => {
    await post(`{ projectStats { total } }`);
    const metricsUrl = hub.gatewayUrl.replace(/\/graphql$/, '/metrics');
    let text = await (await fetch(metricsUrl)).text();
    expect(
      sample(text, 'hub_shard_request_duration_seconds_count', { prefecture: SHARD, outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'hub_shard_request_duration_seconds_bucket', { prefecture: SHARD, outcome: 'ok', le: '+Inf' }),
    ).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'hub_shard_serving', { prefecture: SHARD })).toBe(1);
    expect(sample(text, 'hub_shard_serving', { prefecture: '530300' })).toBe(1);
    expect(sample(text, 'hub_shard_state', { prefecture: SHARD, state: 'SERVING' })).toBe(1);
    expect(
      sample(text, 'http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '200' }),
    ).toBeGreaterThanOrEqual(3);

    // 530300 goes down: its calls fail as unreachable and its health says 0; 530100 still serves.
    await hub.stopShard('530300');
    const { body } = await post(`{ projectStats { total } }`);
    expect(body.errors?.map((e) => e.extensions.prefecture)).toEqual(['530300']);
    text = await (await fetch(metricsUrl)).text();
    expect(
      sample(text, 'hub_shard_request_duration_seconds_count', { prefecture: '530300', outcome: 'unreachable' }),
    ).toBe(1);
    expect(sample(text, 'hub_shard_serving', { prefecture: '530300' })).toBe(0);
    expect(sample(text, 'hub_shard_state', { prefecture: '530300', state: 'DOWN' })).toBe(1);
    expect(sample(text, 'hub_shard_serving', { prefecture: SHARD })).toBe(1);
  });

  it('serves HTTP durations per route at a subgraph /metrics', async () => {
    const response = await fetch(shard.url.replace(/\/graphql$/, '/metrics'));
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(
      sample(text, 'http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '200' }),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(text, 'http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '401' }),
    ).toBe(1);
    // Bounded labels: an unknown path is "unmatched", not its own series.
    await fetch(shard.url.replace(/\/graphql$/, '/no/such/path'));
    const after = await (await fetch(shard.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(
      sample(after, 'http_request_duration_seconds_count', { route: 'unmatched', method: 'GET', status: '404' }),
    ).toBe(1);
    expect(after).not.toContain('/no/such/path');
  });

  it("carries an analyst's request id into the run's jobs, their log lines and their reads; job metrics and queue depth at /metrics", async () => {
    const registry = createMetricsRegistry();
    const depth = registerQueueDepth(registry, redis, prefix);
    const server = await startMetricsServer({ registry, port: 0, host: '127.0.0.1' });
    const { logger, lines } = captureLogger('workers');
    let workers: MetricsWorkers | undefined;
    try {
      const { requestId, body } = await post(
        'mutation($prefectures: [String!]) { runMetrics(prefectures: $prefectures) { id } }',
        { 'x-request-id': 'analyst-run-000007' },
        ANALYST,
        { prefectures: [SHARD] },
      );
      expect(body.errors).toBeUndefined();
      expect(requestId).toBe('analyst-run-000007');
      const runId = body.data.runMetrics.id as string;
      const [queued] = await runs.getJobs(['waiting']);
      expect(queued.data).toMatchObject({ runId, requestId: 'analyst-run-000007', trigger: 'MANUAL' });

      // Queue depth before any worker runs: the run request waits.
      let text = await (await fetch(server.url)).text();
      expect(sample(text, 'hub_queue_depth', { queue: METRICS_QUEUES.runs, state: 'waiting' })).toBe(1);
      expect(sample(text, 'hub_queue_redis_up')).toBe(1);

      const token = serviceTokenSource(TEST_USER_TOKENS);
      workers = startMetricsWorkers({
        connection: redis,
        orm: hub.provinceOrm,
        logger,
        prefix,
        metrics: registry,
        retry: { attempts: 1, backoffMs: 10 },
        timezone: 'Asia/Shanghai',
        lockDurationMs: 5_000,
        stalledIntervalMs: 5_000,
        readFacts: (code) =>
          readPrefectureFacts({ gatewayUrl: hub.gatewayUrl, token, pageSize: 5, timeoutMs: 10_000 }, code),
      });
      await waitUntil('the run finishes', () => lines.find((l) => l.msg === 'metrics run finished'), 30_000);

      // Every job of the run logged its start and end with the run id and the analyst's request id.
      const jobLines = lines.filter((l) => l.msg === 'job started' || l.msg === 'job completed');
      expect(new Set(jobLines.map((l) => `${l.queue} ${l.msg}`))).toEqual(
        new Set(
          [METRICS_QUEUES.runs, METRICS_QUEUES.prefecture, METRICS_QUEUES.rollup].flatMap((q) => [
            `${q} job started`,
            `${q} job completed`,
          ]),
        ),
      );
      for (const line of jobLines)
        expect(line, JSON.stringify(line)).toMatchObject({ runId, requestId: 'analyst-run-000007' });
      expect(jobLines.find((l) => l.queue === METRICS_QUEUES.prefecture)).toMatchObject({ prefecture: SHARD });
      expect(lines.find((l) => l.msg === 'metrics run finished')).toMatchObject({
        runId,
        requestId: 'analyst-run-000007',
      });
      // The prefecture job read its facts through the gateway under the same id: the shard logged each page of 5.
      expect(shardRequestLines('analyst-run-000007')).toHaveLength(Math.ceil(shard.projects / 5));

      text = await (await fetch(server.url)).text();
      for (const queue of Object.values(METRICS_QUEUES)) {
        expect(sample(text, 'hub_job_duration_seconds_count', { queue, outcome: 'completed' }), queue).toBe(1);
        expect(sample(text, 'hub_job_failures_total', { queue, final: 'true' }), queue).toBe(0);
      }
      expect(sample(text, 'hub_queue_depth', { queue: METRICS_QUEUES.runs, state: 'waiting' })).toBe(0);
    } finally {
      await workers?.close();
      await server.close();
      await depth.close();
    }
  }, 60_000);

  it('counts a failed job attempt and logs it under the job scope', async () => {
    const registry = createMetricsRegistry();
    const { logger, lines } = captureLogger('workers');
    const workers = startMetricsWorkers({
      connection: redis,
      orm: hub.provinceOrm,
      logger,
      prefix,
      metrics: registry,
      retry: { attempts: 1, backoffMs: 10 },
      timezone: 'Asia/Shanghai',
      lockDurationMs: 5_000,
      stalledIntervalMs: 5_000,
      // Fails at the first page, as a shard gone mid-read does.
      readFacts: () => ({
        [Symbol.asyncIterator]: () => ({
          next: () => {
            logger.info('reading facts');
            return Promise.reject(new Error('shard gone'));
          },
        }),
      }),
    });
    try {
      const { body } = await post(
        'mutation { runMetrics(prefectures: ["530100"]) { id } }',
        { 'x-request-id': 'analyst-run-000008' },
        ANALYST,
      );
      const runId = body.data.runMetrics.id as string;
      await waitUntil(
        'the run finishes',
        () => lines.find((l) => l.msg === 'metrics run finished' && l.runId === runId),
        30_000,
      );
      expect(lines.find((l) => l.msg === 'reading facts')).toMatchObject({
        runId,
        requestId: 'analyst-run-000008',
        prefecture: SHARD,
        queue: METRICS_QUEUES.prefecture,
      });
      expect(lines.find((l) => l.msg === 'job attempt failed')).toMatchObject({
        runId,
        requestId: 'analyst-run-000008',
        err: 'shard gone',
      });
      const text = await registry.metrics();
      expect(sample(text, 'hub_job_failures_total', { queue: METRICS_QUEUES.prefecture, final: 'true' })).toBe(1);
      expect(
        sample(text, 'hub_job_duration_seconds_count', { queue: METRICS_QUEUES.prefecture, outcome: 'failed' }),
      ).toBe(1);
    } finally {
      await workers.close();
    }
  }, 60_000);

  it('reports Redis as down at /metrics without hanging the scrape', async () => {
    const { Redis: RedisClient } = await import('ioredis');
    const dead = new RedisClient('redis://127.0.0.1:1', { maxRetriesPerRequest: null, lazyConnect: true });
    dead.on('error', () => undefined);
    const registry = createMetricsRegistry();
    const depth = registerQueueDepth(registry, dead, prefix, 300);
    try {
      // A scrape that waited for the dead Redis would never end: the test's timeout guards it.
      const text = await registry.metrics();
      expect(sample(text, 'hub_queue_redis_up')).toBe(0);
      expect(sample(text, 'hub_queue_depth', { queue: METRICS_QUEUES.runs, state: 'waiting' })).toBeUndefined();
    } finally {
      dead.disconnect();
      await depth.close();
    }
  }, 10_000);
});
