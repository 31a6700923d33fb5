/**
 * A full nightly metrics run over 16 prefectures × 10,000 projects on this machine:
 *   npm run bench:nightly            (--projects 10000 --concurrency 4)
 * Every component is its own process, as in production: the 16 shards (one host process,
 * SQLite), the province subgraph, the gateway and the workers, on 127.0.0.1 and Redis under a
 * private queue prefix. Reports the run's wall time, the workers' peak memory (VmHWM), and the
 * ratio to a bare paged read of the same data through the gateway with the same concurrency,
 * measured just before the run. Targets: ≤ 60 s, ≤ 512 MiB, ≤ 1.5×. Stops by itself after 8 min.
 */
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { mintUserToken } from '../gateway/auth/user-token.js';
import { PREFECTURES } from '../schema/prefectures.js';
import { readPrefectureFacts } from '../workers/metrics/facts-reader.js';
import { onCleanup, runBenchmark, startChild } from './support/lifecycle.js';
import { intArg, parseArgs, postGraphQL } from './support/measure.js';
import { startShardHost } from './support/shards.js';
import { benchSecret } from './support/tokens.js';

const args = parseArgs(process.argv.slice(2));
const PROJECTS = intArg(args, 'projects', 10_000);
const CONCURRENCY = intArg(args, 'concurrency', 4);
const AS_OF = '2026-10-31';
const TOKENS = { secret: benchSecret(), issuer: 'yunnan-hub', audience: 'yunnan-hub' };

runBenchmark('bench:nightly', 480_000, async () => {
  const hubSecret = benchSecret();
  const prefix = `{hubbench-${process.pid}}`;
  const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  onCleanup(`delete Redis keys ${prefix}`, async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-nightly-'));
  onCleanup(`remove ${dir}`, () => rmSync(dir, { recursive: true, force: true }));

  const codes = PREFECTURES.map((p) => p.code);
  const shards = await startShardHost({ label: 'nightly', codes, projectsPerShard: PROJECTS, dialect: 'sqlite', hubTokenSecret: hubSecret, readyTimeoutMs: 240_000, restart: false });
  console.log(`16 shards × ${PROJECTS} projects ready in ${(shards.seedMs / 1000).toFixed(1)} s (seeding included)`);
  const common = { HUB_TOKEN_SECRET: hubSecret, USER_TOKEN_SECRET: TOKENS.secret, REDIS_URL: 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix, NODE_ENV: 'production', LOG_LEVEL: 'info' };
  const province = startChild('province', 'subgraphs/province/server.ts', { ...common, PORT: '0', SQLITE_PATH: join(dir, 'province.sqlite'), INITIAL_SHARD_URLS: JSON.stringify(shards.urls) });
  const provinceUrl = await province.waitFor((line) => (line.msg === 'province subgraph ready' ? (line.url as string) : undefined), 60_000);
  const gateway = startChild('gateway', 'gateway/server.ts', { ...common, PORT: '0', PROVINCE_URL: provinceUrl, RATE_LIMIT_POINTS: '100000000', SHARD_TIMEOUT_MS: '30000' });
  const gatewayUrl = await gateway.waitFor((line) => (line.msg === 'gateway ready' ? (line.url as string) : undefined), 60_000);

  const analyst = await mintUserToken({ subject: 'bench-analyst', role: 'analyst' }, TOKENS, '1h');
  const bareRead = async (): Promise<{ ms: number; rows: number }> => {
    const started = performance.now();
    let rows = 0;
    const queue = [...codes];
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let code = queue.shift(); code; code = queue.shift()) {
        for await (const page of readPrefectureFacts({ gatewayUrl, token: async () => analyst, pageSize: 500, timeoutMs: 60_000 }, code)) rows += page.length;
      }
    }));
    return { ms: performance.now() - started, rows };
  };

  const before = await bareRead();
  console.log(`bare paged read: ${before.rows} projects in ${(before.ms / 1000).toFixed(1)} s`);

  const workers = startChild('workers', 'workers/server.ts', {
    ...common, GATEWAY_URL: gatewayUrl, SQLITE_PATH: join(dir, 'province.sqlite'), CONCURRENCY: String(CONCURRENCY), BOARD_PORT: 'off', READ_TIMEOUT_MS: '60000',
  }, ['--max-old-space-size=384']); // as docker-compose.yml runs the workers
  await workers.waitFor((line) => (line.msg === 'metric workers ready' ? true : undefined), 60_000);
  const rssAtStart = memoryOf(workers.process.pid);

  const started = performance.now();
  const run = await postGraphQL<{ runMetrics: { id: string } }>(gatewayUrl, `mutation { runMetrics(asOf: "${AS_OF}") { id } }`, {}, { authorization: `Bearer ${analyst}` });
  const runId = run.runMetrics.id;
  let state = 'QUEUED';
  let read = 0;
  while (!['COMPLETED', 'PARTIAL', 'FAILED'].includes(state)) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const status = await postGraphQL<{ metricRun: { state: string; progress: { projectsRead: number }[] } }>(
      gatewayUrl, 'query($id: ID!) { metricRun(id: $id) { state progress { projectsRead } } }', { id: runId }, { authorization: `Bearer ${analyst}` });
    state = status.metricRun.state;
    read = status.metricRun.progress.reduce((sum, p) => sum + p.projectsRead, 0);
  }
  const nightlyMs = performance.now() - started;
  const peak = memoryOf(workers.process.pid);
  const cohort = await postGraphQL<{ metrics: { signed: number; performanceRate: { percent: number }; startRate: { percent: number } } }>(
    gatewayUrl, `{ metrics(asOf: "${AS_OF}", cohort: { year: 2018, signingLevel: PROVINCIAL_MAJOR_EVENT }) { signed performanceRate { percent } startRate { percent } } }`, {}, { authorization: `Bearer ${analyst}` });
  await workers.stop();

  const bareMs = before.ms;
  const peakMiB = peak.hwmKiB / 1024;
  const ratio = nightlyMs / bareMs;
  console.log(`\nnightly run ${runId}: ${state}, ${read} projects, ${(nightlyMs / 1000).toFixed(1)} s  (target ≤ 60 s: ${nightlyMs <= 60_000 ? 'met' : 'MISSED'})`);
  console.log(`workers' peak memory (VmHWM): ${peakMiB.toFixed(0)} MiB, at start ${(rssAtStart.rssKiB / 1024).toFixed(0)} MiB  (target ≤ 512 MiB: ${peakMiB <= 512 ? 'met' : 'MISSED'})`);
  console.log(`ratio to the bare paged read (${(bareMs / 1000).toFixed(1)} s): ${ratio.toFixed(2)}×  (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'MISSED'})`);
  console.log(`2018 major-event cohort: ${JSON.stringify(cohort.metrics)}`);
  console.log(JSON.stringify({ bench: 'nightly', projects: read, state, nightlyMs: Math.round(nightlyMs), bareReadMs: Math.round(bareMs), ratio: Number(ratio.toFixed(3)), workerPeakMiB: Math.round(peakMiB), concurrency: CONCURRENCY }));
});

function memoryOf(pid: number | undefined): { rssKiB: number; hwmKiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
}
