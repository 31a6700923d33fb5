/**
 * Gateway benchmark (issue 3), in one run on this machine:
 *   (a) a single-prefecture query through our gateway vs through a stock Apollo Gateway over the
 *       same shard (target: ours ≤ 1.15× stock at p50);
 *   (b) a province-wide `projects` page and `projectStats` over 16 shards vs the same query on a
 *       hub with one shard (target: ≤ 2× at p50);
 *   (c) throughput at 32 concurrent clients for ~15 s with a mix of those queries (errors: 0).
 *
 *   npm run bench:gateway
 *   options: --rounds 150 --fanout-rounds 100 --warmup 20 --duration 15 --concurrency 32
 *            --projects 2000 (per shard) --shard-timeout 3000
 *            --cpu-prof-dir DIR  (V8 CPU profiles of the gateway process and the shard process)
 *
 * Processes (all on 127.0.0.1):
 *   - shards: subgraphs/prefecture/multi-server.ts, 16 prefectures, SQLite temp files;
 *   - gateways: bench/support/gateway-host.ts — our gateway over the 16 shards, our gateway with
 *     one shard, the stock Apollo Gateway, and the province subgraph;
 *   - this process: the clients only.
 * A and B of every comparison run in the same processes against the same shard process, one
 * request at a time, alternating (the variant that goes first rotates every round), so noise on
 * this shared machine hits both alike. "direct" rows call the shards without any gateway: the
 * floor the machine sets (for 16 shards, all 16 requests sent at once from this process).
 * Prints tables and, last, one JSON line `{"bench":"gateway",…}`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { mintUserToken } from '../gateway/auth/user-token.js';
import { PREFECTURES } from '../schema/prefectures.js';
import { onCleanup, runBenchmark, startChild } from './support/lifecycle.js';
import { intArg, machineInfo, parseArgs, postGraphQL, printTable, round, roundSummary, summarize, timed, type Summary } from './support/measure.js';
import { processCpuMs } from './support/proc-cpu.js';
import { startShardHost } from './support/shards.js';
import { benchSecret, hubTokenHeaders } from './support/tokens.js';

const args = parseArgs(process.argv.slice(2));
const ROUNDS = intArg(args, 'rounds', 150);
const FANOUT_ROUNDS = intArg(args, 'fanout-rounds', 100);
const WARMUP = intArg(args, 'warmup', 20, 0);
const DURATION_S = intArg(args, 'duration', 15);
const CONCURRENCY = intArg(args, 'concurrency', 32);
const PROJECTS = intArg(args, 'projects', 2000);
const SHARD_TIMEOUT_MS = intArg(args, 'shard-timeout', 3000, 50);
const PROFILE_DIR = args.get('cpu-prof-dir');
const NODE_ARGS = typeof PROFILE_DIR === 'string' ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
const CODES = PREFECTURES.map((p) => p.code);
const SINGLE = CODES[0];

const PROJECT_FIELDS = 'id name stage signedOn cohortYear agreedInvestment fundsInPlace county industry investorName';
const Q_PROJECT = `query Project($id: ID!) { project(id: $id) { ${PROJECT_FIELDS} } }`;
const Q_PAGE = `query Page($filter: ProjectFilter, $after: String) {
  projects(first: 50, filter: $filter, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ${PROJECT_FIELDS} } }
  }
}`;
const Q_STATS = `query Stats($filter: ProjectFilter) {
  projectStats(filter: $filter) {
    total signed withRegisteredCompany agreedInvestment fundsInPlace investmentCompleted
    byStage { negotiating signed preparing underConstruction partiallyProducing operating atCapacity terminated }
  }
}`;

interface Variant {
  readonly name: string;
  readonly run: (round: number) => Promise<unknown>;
}

runBenchmark('bench:gateway', 290_000, async () => {
  const machine = await machineInfo();
  console.log(`bench:gateway — ${CODES.length} prefecture shards × ${PROJECTS.toLocaleString('en-US')} demo projects (SQLite), ` +
    `${ROUNDS} rounds (a) / ${FANOUT_ROUNDS} rounds (b) after ${WARMUP} warm-up, ${CONCURRENCY} clients × ${DURATION_S} s (c)`);
  console.log(`machine: ${JSON.stringify(machine)}`);

  // --- processes -------------------------------------------------------------------------
  const hubTokenSecret = benchSecret();
  const userTokenSecret = benchSecret();
  console.log('\nstarting 16 shards (demo data generated on the first start)…');
  const shards = await startShardHost({ label: 'gateway', codes: CODES, projectsPerShard: PROJECTS, dialect: 'sqlite', hubTokenSecret, readyTimeoutMs: 180_000, nodeArgs: NODE_ARGS });
  console.log(`shards: demo data in ${(shards.seedMs / 1000).toFixed(1)} s, serving after a restart in ${(shards.startupMs / 1000).toFixed(1)} s`);
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-gateway-host-'));
  onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  const host = startChild('gateway host', 'bench/support/gateway-host.ts', {
    SHARD_URLS: JSON.stringify(shards.urls), SINGLE_CODE: SINGLE, HUB_TOKEN_SECRET: hubTokenSecret,
    USER_TOKEN_SECRET: userTokenSecret, SHARD_TIMEOUT_MS: String(SHARD_TIMEOUT_MS), DATA_DIR: dataDir, NODE_ENV: 'production',
  }, NODE_ARGS);
  const urls = await host.waitFor((line) => (line.msg === 'gateway host ready' ? (line.urls as Record<'hub' | 'hub1' | 'stock' | 'province', string>) : undefined), 60_000);
  console.log(`gateways: ours (16 shards) ${urls.hub}, ours (1 shard) ${urls.hub1}, stock ${urls.stock}`);

  const userToken = await mintUserToken({ subject: 'bench-viewer', role: 'viewer' }, { secret: userTokenSecret, issuer: 'yunnan-hub-bench', audience: 'yunnan-hub' });
  const asUser = { authorization: `Bearer ${userToken}` };
  const hubAuth = hubTokenHeaders(hubTokenSecret);
  const viaGateway = (url: string) => (query: string, variables?: Record<string, unknown>) => postGraphQL(url, query, variables, asUser);
  const ours = viaGateway(urls.hub);
  const ours1 = viaGateway(urls.hub1);
  const stock = viaGateway(urls.stock);
  /** Straight to a shard, as the gateway would call it (hub token signed outside the timing). */
  const direct = (code: string) => (query: string, variables?: Record<string, unknown>) => postGraphQL(shards.urls[code], query, variables, hubAuth.headers);
  const refreshed = <T>(run: (round: number) => Promise<T>) => async (round: number) => {
    await hubAuth.refresh();
    return run(round);
  };

  // --- inputs and correctness checks -----------------------------------------------------
  await hubAuth.refresh();
  const onePrefecture = { prefectures: [SINGLE] };
  const idsOf = async (code: string, n: number) =>
    ((await ours(`query($f: ProjectFilter) { projects(first: ${n}, filter: $f, orderBy: UPDATED_AT_DESC) { edges { node { id } } } }`, { f: { prefectures: [code] } }))
      .projects.edges as { node: { id: string } }[]).map((e) => e.node.id);
  const singleIds = await idsOf(SINGLE, 50);
  const allIds = (await Promise.all(CODES.map((code) => idsOf(code, 20)))).flat();

  const same = async (what: string, a: Promise<unknown>, b: Promise<unknown>) => {
    const [x, y] = await Promise.all([a, b]);
    if (!isDeepStrictEqual(x, y)) throw new Error(`${what}: answers differ:\n${JSON.stringify(x).slice(0, 400)}\n${JSON.stringify(y).slice(0, 400)}`);
  };
  await same('project(id) ours vs stock', ours(Q_PROJECT, { id: singleIds[0] }), stock(Q_PROJECT, { id: singleIds[0] }));
  await same('single-prefecture page ours vs stock', ours(Q_PAGE, { filter: onePrefecture }), stock(Q_PAGE, { filter: onePrefecture }));
  await same('one-shard hub page vs the shard', ours1(Q_PAGE), direct(SINGLE)(Q_PAGE));
  await same('one-shard hub stats vs the shard', ours1(Q_STATS), direct(SINGLE)(Q_STATS));
  const directTotals = await Promise.all(CODES.map(async (code) => (await direct(code)(Q_STATS)).projectStats.total as number));
  const provinceTotal = directTotals.reduce((a, b) => a + b, 0);
  const hubPage = await ours(Q_PAGE);
  if (hubPage.projects.totalCount !== provinceTotal || hubPage.projects.edges.length !== 50) {
    throw new Error(`province-wide page: totalCount ${hubPage.projects.totalCount} (expected ${provinceTotal}), ${hubPage.projects.edges.length} edges`);
  }
  if ((await ours(Q_STATS)).projectStats.total !== provinceTotal) throw new Error('province-wide stats total differs from the sum of the shards');
  console.log(`checked: ours = stock on the single-prefecture queries; province-wide totals = sum of ${CODES.length} shards (${provinceTotal.toLocaleString('en-US')} projects)`);

  // --- (a) single prefecture: ours vs stock ----------------------------------------------
  const a1 = await interleave(ROUNDS, [
    { name: 'ours', run: (r) => ours(Q_PROJECT, { id: singleIds[r % singleIds.length] }) },
    { name: 'stock', run: (r) => stock(Q_PROJECT, { id: singleIds[r % singleIds.length] }) },
    { name: 'direct', run: refreshed((r) => direct(SINGLE)(Q_PROJECT, { id: singleIds[r % singleIds.length] })) },
  ]);
  const a2 = await interleave(ROUNDS, [
    { name: 'ours', run: () => ours(Q_PAGE, { filter: onePrefecture }) },
    { name: 'stock', run: () => stock(Q_PAGE, { filter: onePrefecture }) },
    { name: 'direct', run: refreshed(() => direct(SINGLE)(Q_PAGE, { filter: onePrefecture })) },
  ]);
  const aRows = [
    ['project(id)', a1] as const,
    [`projects(filter: {prefectures: [${SINGLE}]}, first: 50)`, a2] as const,
  ];
  printTable(
    `(a) single-prefecture query, ${ROUNDS} rounds (ms); ratio = ours p50 / stock p50, target ≤ 1.15`,
    ['query', 'ours p50', 'ours p95', 'stock p50', 'stock p95', 'direct p50', 'ratio', 'target'],
    aRows.map(([name, s]) => [name, s.ours.p50, s.ours.p95, s.stock.p50, s.stock.p95, s.direct.p50, round(s.ours.p50 / s.stock.p50, 3), s.ours.p50 / s.stock.p50 <= 1.15 ? 'met' : 'MISSED']),
  );

  // --- (b) province-wide: 16 shards vs 1 shard -------------------------------------------
  const fanOutDirect = (query: string) => refreshed(() => Promise.all(CODES.map((code) => direct(code)(query))));
  const b1 = await interleave(FANOUT_ROUNDS, [
    { name: 'hub16', run: () => ours(Q_PAGE) },
    { name: 'hub1', run: () => ours1(Q_PAGE) },
    { name: 'direct16', run: fanOutDirect(Q_PAGE) },
    { name: 'direct1', run: refreshed(() => direct(SINGLE)(Q_PAGE)) },
  ]);
  const b2 = await interleave(FANOUT_ROUNDS, [
    { name: 'hub16', run: () => ours(Q_STATS) },
    { name: 'hub1', run: () => ours1(Q_STATS) },
    { name: 'direct16', run: fanOutDirect(Q_STATS) },
    { name: 'direct1', run: refreshed(() => direct(SINGLE)(Q_STATS)) },
  ]);
  const bRows = [['projects(first: 50)', b1] as const, ['projectStats', b2] as const];
  printTable(
    `(b) province-wide query, ${FANOUT_ROUNDS} rounds (ms); ratio = 16-shard hub p50 / 1-shard hub p50, target ≤ 2; ` +
      'direct = the shards called from the client without a gateway (16 at once)',
    ['query', '16 p50', '16 p95', '1 p50', '1 p95', 'ratio', 'target', 'direct16 p50', 'direct1 p50', 'direct ratio'],
    bRows.map(([name, s]) => [
      name, s.hub16.p50, s.hub16.p95, s.hub1.p50, s.hub1.p95, round(s.hub16.p50 / s.hub1.p50, 2), s.hub16.p50 / s.hub1.p50 <= 2 ? 'met' : 'MISSED',
      s.direct16.p50, s.direct1.p50, round(s.direct16.p50 / s.direct1.p50, 2),
    ]),
  );

  // --- (c) throughput --------------------------------------------------------------------
  const mix: { name: string; run: (n: number) => Promise<unknown> }[] = [
    { name: 'project(id), any prefecture', run: (n) => ours(Q_PROJECT, { id: allIds[n % allIds.length] }) },
    { name: 'projects, one prefecture', run: (n) => ours(Q_PAGE, { filter: { prefectures: [CODES[n % CODES.length]] } }) },
    { name: 'projects, province-wide', run: () => ours(Q_PAGE) },
    { name: 'projectStats, province-wide', run: () => ours(Q_STATS) },
  ];
  const c = await throughput(mix, CONCURRENCY, DURATION_S * 1000, { gateway: host.process.pid, shards: shards.child.process.pid });
  printTable(
    `(c) ${CONCURRENCY} concurrent clients for ${(c.elapsedMs / 1000).toFixed(1)} s against our gateway (16 shards), equal mix`,
    ['query', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'errors'],
    [
      ...c.byQuery.map((q) => [q.name, q.requests, q.requestsPerSecond, q.latency.p50, q.latency.p95, q.errors]),
      ['all', c.requests, c.requestsPerSecond, c.latency.p50, c.latency.p95, c.errors],
    ],
  );
  console.log(`(c) CPU used during the run (% of one core): gateway process ${c.cpu.gateway}%, shard process ${c.cpu.shards}%, ` +
    `client (this process) ${c.cpu.client}% — ${machine.cpus} CPUs in all`);
  if (c.errors > 0) console.log(`(c) ${c.errors} errors; first: ${c.errorSamples.join(' | ')}`);

  const ratioA = Object.fromEntries(aRows.map(([name, s]) => [name, round(s.ours.p50 / s.stock.p50, 3)]));
  const ratioB = Object.fromEntries(bRows.map(([name, s]) => [name, round(s.hub16.p50 / s.hub1.p50, 3)]));
  const summary = {
    bench: 'gateway',
    machine: { ...machine, loadavgEnd: (await machineInfo()).loadavg },
    shards: CODES.length,
    projectsPerShard: PROJECTS,
    provinceProjects: provinceTotal,
    a: {
      target: 1.15,
      ratio: ratioA,
      met: Object.values(ratioA).every((r) => r <= 1.15),
      latency: Object.fromEntries(aRows.map(([name, s]) => [name, mapValues(s, roundSummary)])),
    },
    b: {
      target: 2,
      ratio: ratioB,
      met: Object.values(ratioB).every((r) => r <= 2),
      directRatio: Object.fromEntries(bRows.map(([name, s]) => [name, round(s.direct16.p50 / s.direct1.p50, 3)])),
      latency: Object.fromEntries(bRows.map(([name, s]) => [name, mapValues(s, roundSummary)])),
    },
    c: {
      concurrency: CONCURRENCY,
      seconds: round(c.elapsedMs / 1000, 2),
      requests: c.requests,
      requestsPerSecond: c.requestsPerSecond,
      latency: roundSummary(c.latency),
      errors: c.errors,
      cpuPercent: c.cpu,
      byQuery: c.byQuery.map((q) => ({ ...q, latency: roundSummary(q.latency) })),
    },
  };
  console.log(JSON.stringify(summary));
});

function mapValues<V, W>(record: Record<string, V>, f: (v: V) => W): Record<string, W> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

/**
 * Runs every variant once per round, one request at a time, rotating which goes first, and
 * returns each variant's latency summary (warm-up rounds dropped).
 */
async function interleave(rounds: number, variants: Variant[]): Promise<Record<string, Summary>> {
  const samples = variants.map(() => [] as number[]);
  for (let r = 0; r < WARMUP + rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (r + k) % variants.length;
      const ms = await timed(() => variants[i].run(r));
      if (r >= WARMUP) samples[i].push(ms);
    }
  }
  return Object.fromEntries(variants.map((v, i) => [v.name, summarize(samples[i])]));
}

async function throughput(
  mix: { name: string; run: (n: number) => Promise<unknown> }[],
  concurrency: number,
  durationMs: number,
  pids: { gateway?: number; shards?: number },
) {
  const samples = mix.map(() => [] as number[]);
  const errors = mix.map(() => 0);
  const errorSamples: string[] = [];
  let counter = 0;
  let measuring = false;
  const client = async (stopAt: number) => {
    while (performance.now() < stopAt) {
      const n = counter++;
      const q = n % mix.length;
      const started = performance.now();
      try {
        await mix[q].run(Math.floor(n / mix.length));
        if (measuring) samples[q].push(performance.now() - started);
      } catch (error) {
        if (measuring) errors[q]++;
        if (errorSamples.length < 3) errorSamples.push(`${mix[q].name}: ${(error as Error).message.slice(0, 300)}`);
      }
    }
  };
  // Warm-up at full concurrency, not counted.
  await Promise.all(Array.from({ length: concurrency }, () => client(performance.now() + 2_000)));
  measuring = true;
  const cpuBefore = { gateway: processCpuMs(pids.gateway), shards: processCpuMs(pids.shards), client: process.cpuUsage() };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => client(started + durationMs)));
  const elapsedMs = performance.now() - started;
  const clientCpu = process.cpuUsage(cpuBefore.client);
  const pct = (before: number | null, after: number | null) => (before === null || after === null ? null : Math.round(((after - before) / elapsedMs) * 100));
  const all = samples.flat();
  const byQuery = mix.map((m, i) => ({
    name: m.name,
    requests: samples[i].length,
    requestsPerSecond: round((samples[i].length / elapsedMs) * 1000, 1),
    latency: summarize(samples[i]),
    errors: errors[i],
  }));
  return {
    elapsedMs,
    requests: all.length,
    requestsPerSecond: round((all.length / elapsedMs) * 1000, 1),
    latency: summarize(all),
    errors: errors.reduce((a, b) => a + b, 0),
    errorSamples,
    byQuery,
    cpu: {
      gateway: pct(cpuBefore.gateway, processCpuMs(pids.gateway)),
      shards: pct(cpuBefore.shards, processCpuMs(pids.shards)),
      client: Math.round(((clientCpu.user + clientCpu.system) / 1000 / elapsedMs) * 100),
    },
  };
}
