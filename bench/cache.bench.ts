/**
 * Cache benchmark (issue 15): the dashboard's first-view queries (read from its browser code,
 * bench/support/dashboard-queries.ts) at 32 concurrent clients, through a gateway with the cache
 * off and then through one with the cache on, while one officer writes a project every second,
 * each to the next prefecture. Targets with the cache on: ≥ 10× the throughput, p50 ≤ 20 ms,
 * 0 errors and 0 stale reads.
 *
 *   npm run bench:cache
 *   options: --duration 20 (s measured per gateway) --concurrency 32 --projects 2000 (per shard)
 *            --shard-processes per-prefecture|one  (default per-prefecture)
 *            --cache-redis redis://127.0.0.1:6379/5  (the cache in that Redis instead of in-process;
 *                                                     its keys are the gateway's own, prefixed)
 *            --cpu-prof-dir DIR  (V8 CPU profiles of the two gateway processes)
 *
 * Stale reads: every `Live` answer (projectStats { signed } over the 16 prefectures) must count at
 * least the projects whose write was answered before the read was sent; after each phase one more
 * read must count exactly the projects written. A read that misses an answered write is stale.
 *
 * Processes (all on 127.0.0.1), as `npm start` lays them out: the 16 shards (SQLite temp files,
 * one process per prefecture by default), the province subgraph (subgraphs/province/server.ts) and
 * the two gateways (gateway/server.ts, CACHE_ENABLED false and true), each its own process; this
 * process is the clients and the writer. Prints tables, one JSON line `{"bench":"cache",…}`, and
 * last `cache on/off throughput ratio: <x>`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mintUserToken } from '../lib/auth/mint-user-token.js';
import { PREFECTURES } from '../schema/prefectures.js';
import { dashboardQueries, FIRST_VIEW, firstViewVariables } from './support/dashboard-queries.js';
import { onCleanup, runBenchmark, startChild } from './support/lifecycle.js';
import { intArg, machineInfo, parseArgs, printTable, round, summarize, type Summary } from './support/measure.js';
import { machineCpuMs, processCpuMs } from './support/proc-cpu.js';
import { CREATE_PROJECT, projectInput } from './support/project-fixtures.js';
import { startShardHost } from './support/shards.js';
import { benchGatewayKeys, benchSecret } from './support/tokens.js';

const args = parseArgs(process.argv.slice(2));
const DURATION_S = intArg(args, 'duration', 20);
const CONCURRENCY = intArg(args, 'concurrency', 32);
const PROJECTS = intArg(args, 'projects', 2000);
const SHARD_PROCESSES = args.get('shard-processes') ?? 'per-prefecture';
if (SHARD_PROCESSES !== 'one' && SHARD_PROCESSES !== 'per-prefecture')
  throw new Error('--shard-processes must be one or per-prefecture');
const CACHE_REDIS = args.get('cache-redis');
if (CACHE_REDIS !== undefined && (typeof CACHE_REDIS !== 'string' || !/^rediss?:\/\//.test(CACHE_REDIS)))
  throw new Error('--cache-redis must be a redis:// URL');
const PROFILE_DIR = args.get('cpu-prof-dir');
/** V8 CPU profiles of the two gateways (read them with `npm run bench:profile -- DIR/*.cpuprofile`). */
const GATEWAY_NODE_ARGS = typeof PROFILE_DIR === 'string' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
const CODES = PREFECTURES.map((p) => p.code);
const WARMUP_MS = 3_000;
const WRITE_EVERY_MS = 1_000;
const ISSUER = 'yunnan-hub-bench';
const TARGETS = { ratio: 10, p50Ms: 20 };

interface Phase {
  readonly label: string;
  readonly requestsPerSecond: number;
  readonly requests: number;
  readonly latency: Summary;
  readonly byQuery: { name: string; requests: number; latency: Summary }[];
  readonly errors: number;
  readonly errorSamples: string[];
  readonly staleReads: number;
  readonly liveReadsChecked: number;
  readonly writes: number;
  readonly writeErrors: number;
  readonly finalCountExact: boolean;
  readonly gatewayCpuPercent: number | null;
  /** This process (the 32 clients and the writer). */
  readonly clientCpuPercent: number;
  /** Every process on the machine, ours and others' (100% = one CPU busy all the time). */
  readonly machineCpuPercent: number | null;
  readonly loadAverage: number;
}

runBenchmark('bench:cache', 290_000, async () => {
  console.log(
    `bench:cache — dashboard first view, ${CONCURRENCY} clients × ${DURATION_S} s per gateway, 1 write/s; ` +
      `${CODES.length} shards × ${PROJECTS.toLocaleString('en-US')} demo projects (SQLite, ${SHARD_PROCESSES})`,
  );
  console.log(`machine: ${JSON.stringify(await machineInfo())}`);
  const first = dashboardQueries(FIRST_VIEW);
  console.log(`first-view queries (from the dashboard's trusted documents): ${FIRST_VIEW.join(', ')}`);
  const live = first.find((q) => q.name === 'PrefectureLive')!;

  const gatewayKeys = await benchGatewayKeys();
  const secret = benchSecret();
  console.log('\nstarting 16 shards (demo data generated on the first start)…');
  const shards = await startShardHost({
    label: 'cache',
    codes: CODES,
    projectsPerShard: PROJECTS,
    dialect: 'sqlite',
    gatewayPublicKeys: gatewayKeys.publicKeys,
    readyTimeoutMs: 150_000,
    restart: false,
    processes: SHARD_PROCESSES,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-cache-'));
  onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  const province = startChild('province', 'subgraphs/province/server.ts', {
    PORT: '0',
    SQLITE_PATH: join(dataDir, 'hub.sqlite'),
    GATEWAY_PUBLIC_KEYS: JSON.stringify(gatewayKeys.publicKeys),
    INITIAL_SHARD_URLS: JSON.stringify(shards.urls),
    SHARD_URLS_OWNED_BY_START: 'true',
  });
  const provinceUrl = (await province.waitForMessage('province subgraph ready', 60_000)).url as string;
  const startGateway = async (cache: boolean) => {
    const child = startChild(
      `gateway (cache ${cache ? 'on' : 'off'})`,
      'gateway/server.ts',
      {
        PORT: '0',
        PROVINCE_URL: provinceUrl,
        GATEWAY_SIGNING_KEYS: JSON.stringify(gatewayKeys.signingKeys),
        USER_TOKEN_SECRET: secret,
        USER_TOKEN_ISSUER: ISSUER,
        NODE_ENV: 'production',
        // The reads are the dashboard's trusted documents; the officers' writes are ad-hoc.
        TRUSTED_DOCUMENTS_ONLY: 'false',
        // One budget per user; the benchmark's users are few and busy.
        RATE_LIMIT_POINTS: '100000000',
        CACHE_ENABLED: String(cache),
        ...(cache && typeof CACHE_REDIS === 'string' ? { CACHE_REDIS_URL: CACHE_REDIS } : {}),
      },
      GATEWAY_NODE_ARGS,
    );
    const ready = await child.waitForMessage('gateway ready', 60_000);
    if (ready.shardsServing !== CODES.length) throw new Error(`gateway: ${String(ready.shardsServing)} shards serving`);
    return { url: ready.url as string, pid: child.pid };
  };
  const off = await startGateway(false);
  const on = await startGateway(true);

  const tokenOptions = { secret, issuer: ISSUER, audience: 'yunnan-hub' };
  const viewers = await Promise.all(
    Array.from({ length: CONCURRENCY }, (_, i) =>
      mintUserToken({ subject: `dashboard-${i}`, role: 'viewer' }, tokenOptions),
    ),
  );
  const officers = new Map(
    await Promise.all(
      CODES.map(
        async (code) =>
          [
            code,
            await mintUserToken({ subject: `officer-${code}`, role: 'officer', prefectureCode: code }, tokenOptions),
          ] as const,
      ),
    ),
  );

  // node:http with kept-alive connections: about half the client CPU of fetch per request, which
  // matters when the clients share two CPUs with everything they measure.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 4 });
  onCleanup('close the clients’ connections', () => {
    agent.destroy();
    return Promise.resolve();
  });
  function post(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<any> {
    const body = JSON.stringify({ query, variables });
    return new Promise((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let answer: { data?: any; errors?: unknown[] };
            try {
              answer = JSON.parse(text);
            } catch {
              reject(new Error(`HTTP ${response.statusCode}, not JSON: ${text.slice(0, 200)}`));
              return;
            }
            if (response.statusCode !== 200 || answer.errors?.length || answer.data == null) {
              reject(
                new Error(`HTTP ${response.statusCode}: ${JSON.stringify(answer.errors ?? answer).slice(0, 300)}`),
              );
            } else resolve(answer.data);
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  }
  const signedNow = async (url: string, code: string) =>
    (await post(url, viewers[0], live.query, firstViewVariables(live.name, code))).projectStats.signed as number;

  async function measure(label: string, gateway: { url: string; pid: number }): Promise<Phase> {
    console.log(`\n${label}: warm-up ${WARMUP_MS / 1000} s, then ${DURATION_S} s measured…`);
    // Per prefecture: signed projects before the phase, and writes answered since.
    const base = new Map<string, number>();
    for (const code of CODES) base.set(code, await signedNow(gateway.url, code));
    const acked = new Map<string, number>(CODES.map((code) => [code, 0]));
    let writes = 0;
    let writeErrors = 0;
    let measuring = false;
    let stopped = false;
    const samples = first.map(() => [] as number[]);
    let errors = 0;
    let stale = 0;
    let liveChecked = 0;
    const errorSamples: string[] = [];
    // One officer write a second, each to the next prefecture; `acked` counts those answered.
    const writer = (async () => {
      let n = 0;
      while (!stopped) {
        const next = performance.now() + WRITE_EVERY_MS;
        const code = CODES[n++ % CODES.length];
        writes++;
        try {
          await post(gateway.url, officers.get(code)!, CREATE_PROJECT, { input: projectInput(code) });
          acked.set(code, acked.get(code)! + 1);
        } catch (error) {
          writeErrors++;
          if (errorSamples.length < 5) errorSamples.push(`write: ${(error as Error).message}`);
        }
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - performance.now())));
      }
    })();
    let counter = 0;
    const client = async (index: number, stopAt: number) => {
      while (performance.now() < stopAt) {
        const q = counter++ % first.length;
        const { name, query } = first[q];
        const code = CODES[(counter >> 3) % CODES.length];
        const ackedBefore = acked.get(code)!;
        const started = performance.now();
        try {
          const data = await post(gateway.url, viewers[index], query, firstViewVariables(name, code));
          const ms = performance.now() - started;
          if (name === live.name) {
            liveChecked++;
            if ((data.projectStats.signed as number) < base.get(code)! + ackedBefore) stale++;
          }
          if (measuring) samples[q].push(ms);
        } catch (error) {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(`${name}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(viewers.map((_, i) => client(i, performance.now() + WARMUP_MS)));
    measuring = true;
    const cpuBefore = processCpuMs(gateway.pid);
    const clientBefore = process.cpuUsage();
    const machineBefore = machineCpuMs();
    const started = performance.now();
    await Promise.all(viewers.map((_, i) => client(i, started + DURATION_S * 1000)));
    const elapsedMs = performance.now() - started;
    const cpuAfter = processCpuMs(gateway.pid);
    const clientCpu = process.cpuUsage(clientBefore);
    const machineAfter = machineCpuMs();
    const loadAverage = round(loadavg()[0], 1);
    stopped = true;
    await writer;
    // Every answered write, and nothing else, is counted by a read after the last one.
    let finalCountExact = true;
    for (const code of CODES) {
      if ((await signedNow(gateway.url, code)) !== base.get(code)! + acked.get(code)!) finalCountExact = false;
    }
    const all = samples.flat();
    console.log(`  (load average ${loadAverage})`);
    return {
      label,
      requestsPerSecond: round((all.length / elapsedMs) * 1000, 1),
      requests: all.length,
      latency: summarize(all),
      byQuery: first.map((q, i) => ({ name: q.name, requests: samples[i].length, latency: summarize(samples[i]) })),
      errors,
      errorSamples,
      staleReads: stale,
      liveReadsChecked: liveChecked,
      writes,
      writeErrors,
      finalCountExact,
      gatewayCpuPercent:
        cpuBefore === null || cpuAfter === null ? null : Math.round(((cpuAfter - cpuBefore) / elapsedMs) * 100),
      clientCpuPercent: Math.round(((clientCpu.user + clientCpu.system) / 1000 / elapsedMs) * 100),
      machineCpuPercent:
        machineBefore && machineAfter ? Math.round(((machineAfter.busy - machineBefore.busy) / elapsedMs) * 100) : null,
      loadAverage,
    };
  }

  const cacheOff = await measure('cache off', off);
  const cacheOn = await measure(`cache on (${typeof CACHE_REDIS === 'string' ? 'Redis' : 'in-process'})`, on);
  const ratio = round(cacheOn.requestsPerSecond / cacheOff.requestsPerSecond, 1);

  printTable(
    'throughput and latency (ms) of the first-view mix, 1 write/s:',
    [
      'gateway',
      'req/s',
      'p50',
      'p95',
      'p99',
      'errors',
      'stale reads',
      'Live reads checked',
      'writes',
      'gateway CPU %',
      'client CPU %',
      'machine CPU %',
      'load avg',
    ],
    [cacheOff, cacheOn].map((p) => [
      p.label,
      p.requestsPerSecond,
      round(p.latency.p50, 1),
      round(p.latency.p95, 1),
      round(p.latency.p99, 1),
      p.errors + p.writeErrors,
      p.staleReads + (p.finalCountExact ? 0 : 1),
      p.liveReadsChecked,
      p.writes,
      p.gatewayCpuPercent ?? '-',
      p.clientCpuPercent,
      p.machineCpuPercent ?? '-',
      p.loadAverage,
    ]),
  );
  printTable(
    'p50 (ms) per query:',
    ['query', 'cache off', 'cache on'],
    first.map((q, i) => [q.name, round(cacheOff.byQuery[i].latency.p50, 1), round(cacheOn.byQuery[i].latency.p50, 1)]),
  );
  for (const phase of [cacheOff, cacheOn])
    for (const sample of phase.errorSamples) console.log(`  ${phase.label} error: ${sample}`);
  const failures = [
    ratio < TARGETS.ratio ? `throughput ratio ${ratio} < ${TARGETS.ratio}` : null,
    cacheOn.latency.p50 > TARGETS.p50Ms
      ? `p50 with the cache on ${round(cacheOn.latency.p50, 1)} ms > ${TARGETS.p50Ms}`
      : null,
    ...[cacheOff, cacheOn].flatMap((p) => [
      p.errors + p.writeErrors ? `${p.label}: ${p.errors + p.writeErrors} errors` : null,
      p.staleReads ? `${p.label}: ${p.staleReads} stale reads` : null,
      p.finalCountExact ? null : `${p.label}: the read after the last write does not count exactly the writes answered`,
    ]),
  ].filter(Boolean);
  console.log(
    JSON.stringify({
      bench: 'cache',
      concurrency: CONCURRENCY,
      durationS: DURATION_S,
      projectsPerShard: PROJECTS,
      shardProcesses: SHARD_PROCESSES,
      cacheBackend: typeof CACHE_REDIS === 'string' ? 'redis' : 'memory',
      cacheOff,
      cacheOn,
      ratio,
      targets: TARGETS,
      failures,
    }),
  );
  if (failures.length) console.log(`targets missed: ${failures.join('; ')}`);
  console.log(`cache on/off throughput ratio: ${ratio}`);
});
