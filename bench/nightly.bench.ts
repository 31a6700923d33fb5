/**
 * A full nightly metrics run over 16 prefectures × 10,000 projects on this machine:
 *   npm run bench:nightly            (--projects 10000 --concurrency 4 --worker-node-flags="…" --compiled)
 *   --compiled: the workers run from dist/ (`npm run build` first), as the image runs them
 * Every component is its own process, as in production: the 16 shards (one host process,
 * SQLite), the province subgraph, the gateway and the workers, on 127.0.0.1 and Redis under a
 * private queue prefix. Runs two nights, each by a fresh worker process: the first writes every
 * flag as new, the second (as every night in production) diffs against the first's flags.
 * Reports each run's wall time, the workers' peak memory (VmHWM), and the ratio to a bare paged
 * read of the same data through the gateway with the same concurrency (read before and after the
 * runs; the faster read is the baseline). Targets: ≤ 60 s, ≤ 512 MiB, ≤ 1.5×. Stops by itself after 8 min.
 */
import 'reflect-metadata';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { mintUserToken } from '../lib/auth/mint-user-token.js';
import { PREFECTURES } from '../schema/prefectures.js';
import { readPrefectureFacts } from '../workers/metrics/facts-reader.js';
import { onCleanup, runBenchmark, startChild, startCompiledChild } from './support/lifecycle.js';
import { intArg, parseArgs, postGraphQL } from './support/measure.js';
import { startShardHost } from './support/shards.js';
import { memoryOf } from './support/process-memory.js';
import { startHubProcesses } from './support/hub-processes.js';
import { benchGatewayKeys, benchSecret } from './support/tokens.js';

const args = parseArgs(process.argv.slice(2));
const PROJECTS = intArg(args, 'projects', 10_000);
const CONCURRENCY = intArg(args, 'concurrency', 4);
const AS_OF = '2026-10-31';
const PREVIOUS_NIGHT = '2026-10-30';
/**
 * The workers' node flags: as docker-compose.yml runs them, unless given (to weigh a trade-off),
 * e.g. --worker-node-flags="--max-old-space-size=384 --max-semi-space-size=8".
 */
const WORKER_NODE_FLAGS = String(args.get('worker-node-flags') ?? '--max-old-space-size=384')
  .split(' ')
  .filter(Boolean);
/** Workers from dist/ (node, no tsx), as the image runs them, instead of the TypeScript source. */
const COMPILED_WORKERS = args.has('compiled');

interface NightFigures {
  readonly asOf: string;
  readonly runId: string;
  readonly state: string;
  readonly read: number;
  readonly newFlags: number;
  readonly clearedFlags: number;
  readonly ms: number;
  readonly peakMiB: number;
  readonly startMiB: number;
}
const TOKENS = { secret: benchSecret(), issuer: 'yunnan-hub', audience: 'yunnan-hub' };

runBenchmark('bench:nightly', 480_000, async () => {
  const gatewayKeys = await benchGatewayKeys();
  const prefix = `{hubbench-${process.pid}}`;
  const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  onCleanup(`delete Redis keys ${prefix}`, async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });
  if (COMPILED_WORKERS && !existsSync('dist/workers/server.js'))
    throw new Error('--compiled runs dist/workers/server.js: npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-nightly-'));
  onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));

  const codes = PREFECTURES.map((p) => p.code);
  const shards = await startShardHost({
    label: 'nightly',
    codes,
    projectsPerShard: PROJECTS,
    dialect: 'sqlite',
    gatewayPublicKeys: gatewayKeys.publicKeys,
    readyTimeoutMs: 240_000,
    restart: false,
  });
  console.log(`16 shards × ${PROJECTS} projects ready in ${(shards.seedMs / 1000).toFixed(1)} s (seeding included)`);
  const common = {
    USER_TOKEN_SECRET: TOKENS.secret,
    REDIS_URL: 'redis://127.0.0.1:6379',
    QUEUE_PREFIX: prefix,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
  };
  const { gatewayUrl } = await startHubProcesses({
    dir,
    shardUrls: shards.urls,
    gatewayKeys,
    env: common,
    shardTimeoutMs: 30_000,
  });

  const analyst = await mintUserToken({ subject: 'bench-analyst', role: 'analyst' }, TOKENS, '1h');
  const bareRead = async (): Promise<{ ms: number; rows: number }> => {
    const started = performance.now();
    let rows = 0;
    const queue = [...codes];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let code = queue.shift(); code; code = queue.shift()) {
          for await (const page of readPrefectureFacts(
            { gatewayUrl, token: () => Promise.resolve(analyst), pageSize: 500, timeoutMs: 60_000 },
            code,
          ))
            rows += page.length;
        }
      }),
    );
    return { ms: performance.now() - started, rows };
  };

  const before = await bareRead();
  console.log(`bare paged read: ${before.rows} projects in ${(before.ms / 1000).toFixed(1)} s`);

  const analystAuth = { authorization: `Bearer ${analyst}` };
  /** One night's run by a fresh worker process (so its VmHWM is that night's alone), as compose starts it. */
  const runNight = async (asOf: string): Promise<NightFigures> => {
    const start = COMPILED_WORKERS ? startCompiledChild : startChild;
    const workers = start(
      'workers',
      COMPILED_WORKERS ? 'dist/workers/server.js' : 'workers/server.ts',
      {
        ...common,
        GATEWAY_URL: gatewayUrl,
        SQLITE_PATH: join(dir, 'province.sqlite'),
        CONCURRENCY: String(CONCURRENCY),
        BOARD_PORT: 'off',
        READ_TIMEOUT_MS: '60000',
      },
      WORKER_NODE_FLAGS,
    );
    await workers.waitForMessage('metric workers ready', 60_000);
    const rssAtStart = memoryOf(workers.pid);
    const started = performance.now();
    const run = await postGraphQL<{ runMetrics: { id: string } }>(
      gatewayUrl,
      `mutation { runMetrics(asOf: "${asOf}") { id } }`,
      {},
      analystAuth,
    );
    const runId = run.runMetrics.id;
    let status = { state: 'QUEUED', newFlags: 0, clearedFlags: 0, progress: [] as { projectsRead: number }[] };
    while (!['COMPLETED', 'PARTIAL', 'FAILED'].includes(status.state)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = (
        await postGraphQL<{ metricRun: typeof status }>(
          gatewayUrl,
          'query($id: ID!) { metricRun(id: $id) { state newFlags clearedFlags progress { projectsRead } } }',
          { id: runId },
          analystAuth,
        )
      ).metricRun;
    }
    const ms = performance.now() - started;
    const peak = memoryOf(workers.pid);
    await workers.stop();
    const read = status.progress.reduce((sum, p) => sum + p.projectsRead, 0);
    return {
      asOf,
      runId,
      state: status.state,
      read,
      newFlags: status.newFlags,
      clearedFlags: status.clearedFlags,
      ms,
      peakMiB: peak.hwmKiB / 1024,
      startMiB: rssAtStart.rssKiB / 1024,
    };
  };

  // The first night writes every flag as new; the next one (what runs every night in production)
  // also loads the previous night's flags and diffs them.
  const nights = [await runNight(PREVIOUS_NIGHT), await runNight(AS_OF)];
  const cohort = await postGraphQL<{
    metrics: { signed: number; performanceRate: { percent: number }; startRate: { percent: number } };
  }>(
    gatewayUrl,
    `{ metrics(asOf: "${AS_OF}", cohort: { year: 2018, signingLevel: PROVINCIAL_MAJOR_EVENT }) { signed performanceRate { percent } startRate { percent } } }`,
    {},
    analystAuth,
  );

  // A second read after the nights: the first is cold (page cache, JIT) and this machine is noisy,
  // so the baseline is the faster of the two — the stricter choice for the ratio.
  const after = await bareRead();
  const bareMs = Math.min(before.ms, after.ms);
  console.log(
    `\nbare paged read: ${(before.ms / 1000).toFixed(1)} s before the nights, ${(after.ms / 1000).toFixed(1)} s after; ` +
      `baseline ${(bareMs / 1000).toFixed(1)} s; worker node flags: ${WORKER_NODE_FLAGS.join(' ')}; ` +
      `workers ${COMPILED_WORKERS ? 'compiled (dist/, node)' : 'TypeScript (tsx)'}`,
  );
  for (const night of nights) {
    const ratio = night.ms / bareMs;
    console.log(
      `\nnightly run ${night.runId}: ${night.state}, ${night.read} projects, flags +${night.newFlags} new / ${night.clearedFlags} cleared, ${(night.ms / 1000).toFixed(1)} s  (target ≤ 60 s: ${night.ms <= 60_000 ? 'met' : 'MISSED'})`,
    );
    console.log(
      `  workers' peak memory (VmHWM): ${night.peakMiB.toFixed(0)} MiB, at start ${night.startMiB.toFixed(0)} MiB  (target ≤ 512 MiB: ${night.peakMiB <= 512 ? 'met' : 'MISSED'})`,
    );
    console.log(
      `  ratio to the bare paged read: ${ratio.toFixed(2)}×  (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'MISSED'})`,
    );
  }
  console.log(`\n2018 major-event cohort: ${JSON.stringify(cohort.metrics)}`);
  console.log(
    JSON.stringify({
      bench: 'nightly',
      concurrency: CONCURRENCY,
      bareReadMs: Math.round(bareMs),
      bareReadsMs: [Math.round(before.ms), Math.round(after.ms)],
      workerNodeFlags: WORKER_NODE_FLAGS,
      nights: nights.map((n) => ({
        asOf: n.asOf,
        state: n.state,
        projects: n.read,
        newFlags: n.newFlags,
        clearedFlags: n.clearedFlags,
        nightlyMs: Math.round(n.ms),
        ratio: Number((n.ms / bareMs).toFixed(3)),
        workerPeakMiB: Math.round(n.peakMiB),
      })),
    }),
  );
});
