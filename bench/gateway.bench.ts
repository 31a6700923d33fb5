/**
 * Gateway benchmark (issue 3), in one run on this machine:
 *   (a) a single-prefecture query through our gateway vs through a stock Apollo Gateway over the
 *       same shard (target: ours ≤ 1.15× stock at p50);
 *   (b) a province-wide `projects` page and `projectStats` over 16 shards vs the same query on a
 *       hub with one shard (target: ≤ 2× at p50);
 *   (c) throughput at 32 concurrent clients for ~15 s with a mix of those queries (errors: 0).
 * and, because 16 real shards on a 2-CPU machine cannot all work in parallel (they share two CPUs
 * with the gateway and the clients), (b) and (c) again over "replay shards"
 * (bench/support/replay-shards.ts): each answers from a recording of the real shard after a fixed
 * service time spent idle, as a shard on its own machine would. These rows measure the gateway's
 * own fan-out, merge and capacity, apart from the shards' CPU.
 *
 *   npm run bench:gateway
 *   options: --rounds 150 --fanout-rounds 80 --warmup 20 --fanout-warmup 10 --duration 15 --concurrency 32
 *            --projects 2000 (per shard) --shard-timeout 3000
 *            --replay-delay 10 (ms of service time of a replay shard) --replay-duration 10 (s, for c′)
 *            --cpu-prof-dir DIR  (V8 CPU profiles of the gateway process and the shard processes)
 *            --shard-processes per-prefecture|one  (default per-prefecture, as production runs them;
 *                              `one` hosts all 16 on one event loop, as `npm start` does)
 *
 * Processes (all on 127.0.0.1):
 *   - shards: subgraphs/prefecture/multi-server.ts, one process per prefecture (or one for all 16),
 *     SQLite temp files;
 *   - replay shards: bench/support/replay-shards.ts, 16 of them in one process;
 *   - gateways: bench/support/gateway-host.ts — our gateway over the 16 shards, our gateway with
 *     one shard, the stock Apollo Gateway, the same two hubs over the replay shards, and the
 *     province subgraphs they read their registries from;
 *   - this process: the clients only.
 * A and B of every comparison run in the same processes against the same shard process, one
 * request at a time, alternating (the variant that goes first rotates every round), so noise on
 * this shared machine hits both alike. "direct" rows call the shards without any gateway: the
 * floor the machine sets (for 16 shards, all 16 requests sent at once from this process).
 * Prints tables and, last, one JSON line `{"bench":"gateway",…}`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { mintUserToken } from '../lib/auth/mint-user-token.js';
import { PREFECTURES } from '../schema/prefectures.js';
import { onCleanup, runBenchmark, startChild } from './support/lifecycle.js';
import { measureCredentialCost } from './support/credential-cost.js';
import {
  intArg,
  machineInfo,
  parseArgs,
  postGraphQL,
  printTable,
  round,
  roundSummary,
  summarize,
  timed,
  type Summary,
} from './support/measure.js';
import { machineCpuMs, processCpuMs } from './support/proc-cpu.js';
import { startShardHost } from './support/shards.js';
import { benchGatewayKeys, benchSecret, hubTokens } from './support/tokens.js';
import { PROJECT_STATS_QUERY } from './support/queries.js';

const args = parseArgs(process.argv.slice(2));
const ROUNDS = intArg(args, 'rounds', 150);
const FANOUT_ROUNDS = intArg(args, 'fanout-rounds', 80);
const WARMUP = intArg(args, 'warmup', 20, 0);
const FANOUT_WARMUP = intArg(args, 'fanout-warmup', 10, 0);
const DURATION_S = intArg(args, 'duration', 15);
const CONCURRENCY = intArg(args, 'concurrency', 32);
const PROJECTS = intArg(args, 'projects', 2000);
const SHARD_TIMEOUT_MS = intArg(args, 'shard-timeout', 3000, 50);
const REPLAY_DELAY_MS = intArg(args, 'replay-delay', 10, 0);
const REPLAY_DURATION_S = intArg(args, 'replay-duration', 10);
const PROFILE_DIR = args.get('cpu-prof-dir');
const SHARD_PROCESSES = args.get('shard-processes') ?? 'per-prefecture';
if (SHARD_PROCESSES !== 'one' && SHARD_PROCESSES !== 'per-prefecture')
  throw new Error('--shard-processes must be one or per-prefecture');
const MIN_ROUNDS = 20;
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

type Headers = Record<string, string>;

interface Variant {
  readonly name: string;
  /** Audiences (prefecture codes) of the hub tokens the variant sends to shards; signed before the clock starts. */
  readonly audiences?: readonly string[];
  readonly run: (round: number, tokens: Headers[]) => Promise<unknown>;
}

/** The whole run must end within this; measuring phases shrink to fit (see `phaseBudget`). */
const RUN_LIMIT_MS = 290_000;
const RUN_STARTED = performance.now();
/** Measuring phases and their nominal seconds, in run order (c includes its warm-up and drain). */
const PHASES = {
  a1: 25,
  a2: 25,
  b1: 45,
  b2: 30,
  r1: 15,
  r2: 15,
  cReplay: REPLAY_DURATION_S + 6,
  c: DURATION_S + 20,
} as const;
const done = new Set<keyof typeof PHASES>();

/**
 * Seconds phase `name` may take: its nominal time, scaled down when what is left of the run's time
 * (less a 20 s margin for teardown) is shorter than all remaining phases' nominal times, as on a
 * busy machine where startup took longer. Never below 5 s.
 */
function phaseBudget(name: keyof typeof PHASES): number {
  const remainingS = (RUN_LIMIT_MS - (performance.now() - RUN_STARTED)) / 1000 - 20;
  const nominalLeft = Object.entries(PHASES)
    .filter(([k]) => !done.has(k as keyof typeof PHASES))
    .reduce((sum, [, v]) => sum + v, 0);
  done.add(name);
  const scale = Math.min(1, remainingS / nominalLeft);
  if (scale < 1)
    console.log(
      `  (phase ${name}: ${Math.round(PHASES[name] * scale)} s of its nominal ${PHASES[name]} s, to end within the time limit)`,
    );
  return Math.max(5, PHASES[name] * scale);
}

runBenchmark('bench:gateway', RUN_LIMIT_MS, async () => {
  const machine = await machineInfo();
  console.log(
    `bench:gateway — ${CODES.length} prefecture shards × ${PROJECTS.toLocaleString('en-US')} demo projects (SQLite), ` +
      `up to ${ROUNDS} rounds (a) / ${FANOUT_ROUNDS} rounds (b, b′) after ${WARMUP} warm-up, ${CONCURRENCY} clients × ${DURATION_S} s (c)`,
  );
  console.log(`machine: ${JSON.stringify(machine)}`);

  // --- processes -------------------------------------------------------------------------
  const gatewayKeys = await benchGatewayKeys();
  const userTokenSecret = benchSecret();
  console.log('\nstarting 16 shards (demo data generated on the first start)…');
  const shards = await startShardHost({
    label: 'gateway',
    codes: CODES,
    projectsPerShard: PROJECTS,
    dialect: 'sqlite',
    gatewayPublicKeys: gatewayKeys.publicKeys,
    readyTimeoutMs: 150_000,
    nodeArgs: NODE_ARGS,
    restart: false,
    processes: SHARD_PROCESSES,
  });
  const shardPids = shards.children.map((child) => child.pid);
  console.log(`shards: demo data generated and serving in ${(shards.seedMs / 1000).toFixed(1)} s`);
  const replayHost = startChild('replay shards', 'bench/support/replay-shards.ts', {
    SHARD_URLS: JSON.stringify(shards.urls),
    DELAY_MS: String(REPLAY_DELAY_MS),
  });
  const replayUrls = (await replayHost.waitForMessage('replay shards ready', 30_000)).shards as Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-bench-gateway-host-'));
  onCleanup(`remove ${dataDir}`, () => rmSync(dataDir, { recursive: true, force: true }));
  const host = startChild(
    'gateway host',
    'bench/support/gateway-host.ts',
    {
      SHARD_URLS: JSON.stringify(shards.urls),
      SINGLE_CODE: SINGLE,
      GATEWAY_SIGNING_KEYS: JSON.stringify(gatewayKeys.signingKeys),
      USER_TOKEN_SECRET: userTokenSecret,
      SHARD_TIMEOUT_MS: String(SHARD_TIMEOUT_MS),
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      REPLAY_URLS: JSON.stringify(replayUrls),
      BENCH_ORPHAN_CLEANUP_DIR: dataDir,
    },
    NODE_ARGS,
  );
  type HostUrls = Record<'hub' | 'hub1' | 'stock' | 'province' | 'replayHub' | 'replayHub1', string>;
  const urls = (await host.waitForMessage('gateway host ready', 90_000)).urls as HostUrls;
  console.log(`gateways: ours (16 shards) ${urls.hub}, ours (1 shard) ${urls.hub1}, stock ${urls.stock}`);

  const userToken = await mintUserToken(
    { subject: 'bench-viewer', role: 'viewer' },
    { secret: userTokenSecret, issuer: 'yunnan-hub-bench', audience: 'yunnan-hub' },
  );
  const asUser = { authorization: `Bearer ${userToken}` };
  const hubAuth = hubTokens(gatewayKeys.signingKeys);
  const viaGateway = (url: string) => (query: string, variables?: Record<string, unknown>) =>
    postGraphQL(url, query, variables, asUser);
  const ours = viaGateway(urls.hub);
  const ours1 = viaGateway(urls.hub1);
  const stock = viaGateway(urls.stock);
  const replayHub = viaGateway(urls.replayHub);
  const replayHub1 = viaGateway(urls.replayHub1);
  /** Straight to a shard, as the gateway would call it, with a hub token signed beforehand (or now). */
  const toShard =
    (url: string, code: string) => async (query: string, variables?: Record<string, unknown>, headers?: Headers) =>
      postGraphQL(url, query, variables, headers ?? (await hubAuth.headers(code)));
  const direct = (code: string) => toShard(shards.urls[code], code);
  const directReplay = (code: string) => toShard(replayUrls[code], code);

  // --- inputs and correctness checks -----------------------------------------------------
  const onePrefecture = { prefectures: [SINGLE] };
  const idsOf = async (code: string, n: number) =>
    (
      (
        await ours(
          `query($f: ProjectFilter) { projects(first: ${n}, filter: $f, orderBy: UPDATED_AT_DESC) { edges { node { id } } } }`,
          { f: { prefectures: [code] } },
        )
      ).projects.edges as { node: { id: string } }[]
    ).map((e) => e.node.id);
  const singleIds = await idsOf(SINGLE, 50);
  const allIds = (await Promise.all(CODES.map((code) => idsOf(code, 20)))).flat();

  const same = async (what: string, a: Promise<unknown>, b: Promise<unknown>) => {
    const [x, y] = await Promise.all([a, b]);
    if (!isDeepStrictEqual(x, y))
      throw new Error(
        `${what}: answers differ:\n${JSON.stringify(x).slice(0, 400)}\n${JSON.stringify(y).slice(0, 400)}`,
      );
  };
  await same(
    'project(id) ours vs stock',
    ours(Q_PROJECT, { id: singleIds[0] }),
    stock(Q_PROJECT, { id: singleIds[0] }),
  );
  await same(
    'single-prefecture page ours vs stock',
    ours(Q_PAGE, { filter: onePrefecture }),
    stock(Q_PAGE, { filter: onePrefecture }),
  );
  await same('one-shard hub page vs the shard', ours1(Q_PAGE), direct(SINGLE)(Q_PAGE));
  await same('one-shard hub stats vs the shard', ours1(PROJECT_STATS_QUERY), direct(SINGLE)(PROJECT_STATS_QUERY));
  const directTotals = await Promise.all(
    CODES.map(async (code) => (await direct(code)(PROJECT_STATS_QUERY)).projectStats.total as number),
  );
  const provinceTotal = directTotals.reduce((a, b) => a + b, 0);
  const hubPage = await ours(Q_PAGE);
  if (hubPage.projects.totalCount !== provinceTotal || hubPage.projects.edges.length !== 50) {
    throw new Error(
      `province-wide page: totalCount ${hubPage.projects.totalCount} (expected ${provinceTotal}), ${hubPage.projects.edges.length} edges`,
    );
  }
  if ((await ours(PROJECT_STATS_QUERY)).projectStats.total !== provinceTotal)
    throw new Error('province-wide stats total differs from the sum of the shards');
  console.log(
    `checked: ours = stock on the single-prefecture queries; province-wide totals = sum of ${CODES.length} shards (${provinceTotal.toLocaleString('en-US')} projects)`,
  );

  // --- (a) single prefecture: ours vs stock ----------------------------------------------
  const a1 = await interleave(
    ROUNDS,
    [
      { name: 'ours', run: (r) => ours(Q_PROJECT, { id: singleIds[r % singleIds.length] }) },
      { name: 'stock', run: (r) => stock(Q_PROJECT, { id: singleIds[r % singleIds.length] }) },
      {
        name: 'direct',
        audiences: [SINGLE],
        run: (r, [t]) => direct(SINGLE)(Q_PROJECT, { id: singleIds[r % singleIds.length] }, t),
      },
    ],
    WARMUP,
    phaseBudget('a1'),
    hubAuth,
  );
  const a2 = await interleave(
    ROUNDS,
    [
      { name: 'ours', run: () => ours(Q_PAGE, { filter: onePrefecture }) },
      { name: 'stock', run: () => stock(Q_PAGE, { filter: onePrefecture }) },
      { name: 'direct', audiences: [SINGLE], run: (_r, [t]) => direct(SINGLE)(Q_PAGE, { filter: onePrefecture }, t) },
    ],
    WARMUP,
    phaseBudget('a2'),
    hubAuth,
  );
  const aRows = [
    ['project(id)', a1] as const,
    [`projects(filter: {prefectures: [${SINGLE}]}, first: 50)`, a2] as const,
  ];
  printTable(
    '(a) single-prefecture query, n rounds (ms); ratio = ours p50 / stock p50, target ≤ 1.15',
    [
      'query',
      'n',
      'ours p50',
      'ours p95',
      'stock p50',
      'stock p95',
      'ratio',
      'target',
      'direct p50',
      'ours−direct',
      'stock−direct',
    ],
    aRows.map(([name, s]) => [
      name,
      s.ours.n,
      s.ours.p50,
      s.ours.p95,
      s.stock.p50,
      s.stock.p95,
      round(s.ours.p50 / s.stock.p50, 3),
      s.ours.p50 / s.stock.p50 <= 1.15 ? 'met' : 'MISSED',
      s.direct.p50,
      s.ours.p50 - s.direct.p50,
      s.stock.p50 - s.direct.p50,
    ]),
  );

  // What the gateway credential costs a call: one Ed25519 sign at the gateway and one verify at the
  // subgraph, against the HS256 token of the design before it, as a share of project(id)'s p50.
  const credential = await measureCredentialCost();
  const credentialShare = (credential.ed25519Us - credential.hs256Us) / 1000 / a1.ours.p50;
  console.log(
    `(a) credential per subgraph call: Ed25519 sign+verify ${credential.ed25519Us} µs, HS256 ${credential.hs256Us} µs; ` +
      `project(id) p50 ${round(a1.ours.p50, 2)} ms → +${(credentialShare * 100).toFixed(1)}% against HS256 (target ≤ 5%: ` +
      `${credentialShare <= 0.05 ? 'met' : 'MISSED'})`,
  );

  // --- (b) province-wide: 16 shards vs 1 shard -------------------------------------------
  // Reference rows without a gateway: the 16 shards called at once, and one after the other.
  // If "at once" is no faster than "in turn", the shards cannot run in parallel on this machine.
  const fanOutVariants = (query: string): Variant[] => [
    { name: 'hub16', run: () => ours(query) },
    { name: 'hub1', run: () => ours1(query) },
    {
      name: 'direct16',
      audiences: CODES,
      run: (_r, t) => Promise.all(CODES.map((code, i) => direct(code)(query, undefined, t[i]))),
    },
    {
      name: 'direct16seq',
      audiences: CODES,
      run: async (_r, t) => {
        for (const [i, code] of CODES.entries()) await direct(code)(query, undefined, t[i]);
      },
    },
    { name: 'direct1', audiences: [SINGLE], run: (_r, [t]) => direct(SINGLE)(query, undefined, t) },
  ];
  const b1 = await interleave(FANOUT_ROUNDS, fanOutVariants(Q_PAGE), FANOUT_WARMUP, phaseBudget('b1'), hubAuth);
  const b2 = await interleave(
    FANOUT_ROUNDS,
    fanOutVariants(PROJECT_STATS_QUERY),
    FANOUT_WARMUP,
    phaseBudget('b2'),
    hubAuth,
  );
  const bRows = [['projects(first: 50)', b1] as const, ['projectStats', b2] as const];
  printTable(
    '(b) province-wide query, n rounds (ms); ratio = 16-shard hub p50 / 1-shard hub p50, target ≤ 2',
    ['query', 'n', 'hub16 p50', 'hub16 p95', 'hub1 p50', 'hub1 p95', 'ratio', 'target'],
    bRows.map(([name, s]) => [
      name,
      s.hub16.n,
      s.hub16.p50,
      s.hub16.p95,
      s.hub1.p50,
      s.hub1.p95,
      round(s.hub16.p50 / s.hub1.p50, 2),
      s.hub16.p50 / s.hub1.p50 <= 2 ? 'met' : 'MISSED',
    ]),
  );
  printTable(
    '(b) the same queries straight to the shards, no gateway (ms): 16 at once, 16 one after the other, 1; ' +
      'gateway cost = hub16 p50 − 16-at-once p50; machine floor = 16-at-once p50 / hub1 p50, the ratio a gateway that cost nothing would reach here',
    ['query', '16 at once p50', '16 in turn p50', '1 shard p50', 'at once / 1', 'gateway cost', 'machine floor'],
    bRows.map(([name, s]) => [
      name,
      s.direct16.p50,
      s.direct16seq.p50,
      s.direct1.p50,
      round(s.direct16.p50 / s.direct1.p50, 2),
      s.hub16.p50 - s.direct16.p50,
      round(s.direct16.p50 / s.hub1.p50, 2),
    ]),
  );

  // The mix of (c) and (c′): the queries of (a) and (b), in equal parts.
  type Call = typeof ours;
  const mix: { name: string; run: (n: number, via?: Call) => Promise<unknown> }[] = [
    { name: 'project(id), any prefecture', run: (n, via = ours) => via(Q_PROJECT, { id: allIds[n % allIds.length] }) },
    {
      name: 'projects, one prefecture',
      run: (n, via = ours) => via(Q_PAGE, { filter: { prefectures: [CODES[n % CODES.length]] } }),
    },
    { name: 'projects, province-wide', run: (_n, via = ours) => via(Q_PAGE) },
    { name: 'projectStats, province-wide', run: (_n, via = ours) => via(PROJECT_STATS_QUERY) },
  ];

  // --- (b′) and (c′): the same over replay shards ----------------------------------------
  // Record every answer the replay runs need first (the first request of a body goes to the real shard).
  for (const query of [Q_PAGE, PROJECT_STATS_QUERY]) await Promise.all([replayHub(query), replayHub1(query)]);
  for (let i = 0; i < allIds.length; i += 16)
    await Promise.all(allIds.slice(i, i + 16).map((id) => replayHub(Q_PROJECT, { id })));
  await Promise.all(CODES.map((code) => replayHub(Q_PAGE, { filter: { prefectures: [code] } })));
  await Promise.all(
    CODES.map((code) => directReplay(code)(Q_PAGE).then(() => directReplay(code)(PROJECT_STATS_QUERY))),
  );
  const replayVariants = (query: string): Variant[] => [
    { name: 'hub16', run: () => replayHub(query) },
    { name: 'hub1', run: () => replayHub1(query) },
    {
      name: 'direct16',
      audiences: CODES,
      run: (_r, t) => Promise.all(CODES.map((code, i) => directReplay(code)(query, undefined, t[i]))),
    },
    { name: 'direct1', audiences: [SINGLE], run: (_r, [t]) => directReplay(SINGLE)(query, undefined, t) },
  ];
  const r1 = await interleave(FANOUT_ROUNDS, replayVariants(Q_PAGE), FANOUT_WARMUP, phaseBudget('r1'), hubAuth);
  const r2 = await interleave(
    FANOUT_ROUNDS,
    replayVariants(PROJECT_STATS_QUERY),
    FANOUT_WARMUP,
    phaseBudget('r2'),
    hubAuth,
  );
  const rRows = [['projects(first: 50)', r1] as const, ['projectStats', r2] as const];
  printTable(
    `(b′) province-wide query over replay shards (${REPLAY_DELAY_MS} ms idle service time each), n rounds (ms); ` +
      'ratio = 16-shard hub p50 / 1-shard hub p50, target ≤ 2',
    [
      'query',
      'n',
      'hub16 p50',
      'hub16 p95',
      'hub1 p50',
      'hub1 p95',
      'ratio',
      'target',
      'direct16 p50',
      'direct1 p50',
      'gateway cost 16',
      'gateway cost 1',
    ],
    rRows.map(([name, s]) => [
      name,
      s.hub16.n,
      s.hub16.p50,
      s.hub16.p95,
      s.hub1.p50,
      s.hub1.p95,
      round(s.hub16.p50 / s.hub1.p50, 2),
      s.hub16.p50 / s.hub1.p50 <= 2 ? 'met' : 'MISSED',
      s.direct16.p50,
      s.direct1.p50,
      s.hub16.p50 - s.direct16.p50,
      s.hub1.p50 - s.direct1.p50,
    ]),
  );
  const replayMix = mix.map((m) => ({ name: m.name, run: (n: number) => m.run(n, replayHub) }));
  const crSeconds = Math.min(REPLAY_DURATION_S, Math.max(5, phaseBudget('cReplay') - 6));
  const replayPids = { gateway: host.pid, shards: [replayHost.pid] };
  const cr = await throughput(replayMix, CONCURRENCY, crSeconds * 1000, replayPids);
  printTable(
    `(c′) ${CONCURRENCY} concurrent clients for ${(cr.elapsedMs / 1000).toFixed(1)} s against our gateway over 16 replay shards, equal mix`,
    ['query', 'ok requests', 'ok req/s', 'p50 ms', 'p95 ms', 'errors'],
    [
      ...cr.byQuery.map((q) => [q.name, q.requests, q.requestsPerSecond, q.latency.p50, q.latency.p95, q.errors]),
      ['all', cr.requests, cr.requestsPerSecond, cr.latency.p50, cr.latency.p95, cr.errors],
    ],
  );
  console.log(
    `(c′) CPU used during the run (% of one core): gateway process ${cr.cpu.gateway}%, replay shards ${cr.cpu.shards}%, ` +
      `client ${cr.cpu.client}%; whole machine ${cr.cpu.machine}% of ${cpus().length * 100}%`,
  );
  if (cr.errors > 0)
    console.log(
      `(c′) ${cr.errors} errors by kind: ${JSON.stringify(cr.errorKinds)}; first: ${cr.errorSamples.join(' | ')}`,
    );

  // --- (c) throughput over the real shards (last: it can leave the shard process a backlog) ---
  const cSeconds = Math.min(DURATION_S, Math.max(5, phaseBudget('c') - 20));
  const c = await throughput(mix, CONCURRENCY, cSeconds * 1000, { gateway: host.pid, shards: shardPids });
  printTable(
    `(c) ${CONCURRENCY} concurrent clients for ${(c.elapsedMs / 1000).toFixed(1)} s against our gateway (16 shards), equal mix`,
    ['query', 'ok requests', 'ok req/s', 'p50 ms', 'p95 ms', 'errors'],
    [
      ...c.byQuery.map((q) => [q.name, q.requests, q.requestsPerSecond, q.latency.p50, q.latency.p95, q.errors]),
      ['all', c.requests, c.requestsPerSecond, c.latency.p50, c.latency.p95, c.errors],
    ],
  );
  console.log(
    `(c) CPU used during the run (% of one core): gateway process ${c.cpu.gateway}%, shard process(es) ${c.cpu.shards}%, ` +
      `client (this process) ${c.cpu.client}%; whole machine ${c.cpu.machine}% of ${cpus().length * 100}%`,
  );
  if (c.errors > 0) {
    console.log(`(c) ${c.errors} errors by kind: ${JSON.stringify(c.errorKinds)}`);
    console.log(`(c) first errors: ${c.errorSamples.join(' | ')}`);
  }

  // After (c), how long the shard process keeps working off requests the gateway gave up on:
  // the time until a trivial request to one shard answers quickly again.
  const drainStarted = performance.now();
  let backlogMs: number;
  for (;;) {
    const headers = await hubAuth.headers(SINGLE);
    const ms = await timed(() => direct(SINGLE)('{ __typename }', undefined, headers));
    backlogMs = performance.now() - drainStarted;
    if (ms < 100 || backlogMs > 15_000) break;
  }
  console.log(
    `(c) after the run, the shard process answered a trivial request quickly again after ${(backlogMs / 1000).toFixed(1)} s ` +
      '(work on requests that had already timed out at the gateway)',
  );

  const ratioA = Object.fromEntries(aRows.map(([name, s]) => [name, round(s.ours.p50 / s.stock.p50, 3)]));
  const ratioB = Object.fromEntries(bRows.map(([name, s]) => [name, round(s.hub16.p50 / s.hub1.p50, 3)]));
  const summary = {
    bench: 'gateway',
    machine: { ...machine, loadavgEnd: (await machineInfo()).loadavg },
    shards: CODES.length,
    shardProcesses: SHARD_PROCESSES,
    projectsPerShard: PROJECTS,
    provinceProjects: provinceTotal,
    a: {
      target: 1.15,
      ratio: ratioA,
      met: Object.values(ratioA).every((r) => r <= 1.15),
      latency: Object.fromEntries(aRows.map(([name, s]) => [name, mapValues(s, roundSummary)])),
      credential: { ...credential, shareOfProjectP50: round(credentialShare, 4) },
    },
    b: {
      target: 2,
      ratio: ratioB,
      met: Object.values(ratioB).every((r) => r <= 2),
      directRatio: Object.fromEntries(bRows.map(([name, s]) => [name, round(s.direct16.p50 / s.direct1.p50, 3)])),
      machineFloor: Object.fromEntries(bRows.map(([name, s]) => [name, round(s.direct16.p50 / s.hub1.p50, 3)])),
      gatewayCostMs: Object.fromEntries(bRows.map(([name, s]) => [name, round(s.hub16.p50 - s.direct16.p50)])),
      latency: Object.fromEntries(bRows.map(([name, s]) => [name, mapValues(s, roundSummary)])),
    },
    bReplay: {
      target: 2,
      serviceTimeMs: REPLAY_DELAY_MS,
      ratio: Object.fromEntries(rRows.map(([name, s]) => [name, round(s.hub16.p50 / s.hub1.p50, 3)])),
      met: rRows.every(([, s]) => s.hub16.p50 / s.hub1.p50 <= 2),
      latency: Object.fromEntries(rRows.map(([name, s]) => [name, mapValues(s, roundSummary)])),
    },
    cReplay: {
      concurrency: CONCURRENCY,
      seconds: round(cr.elapsedMs / 1000, 2),
      requests: cr.requests,
      requestsPerSecond: cr.requestsPerSecond,
      latency: roundSummary(cr.latency),
      errors: cr.errors,
      errorKinds: cr.errorKinds,
      cpuPercent: cr.cpu,
      byQuery: cr.byQuery.map((q) => ({ ...q, latency: roundSummary(q.latency) })),
    },
    c: {
      concurrency: CONCURRENCY,
      seconds: round(c.elapsedMs / 1000, 2),
      requests: c.requests,
      requestsPerSecond: c.requestsPerSecond,
      latency: roundSummary(c.latency),
      errors: c.errors,
      errorKinds: c.errorKinds,
      shardBacklogAfterMs: Math.round(backlogMs),
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
 * returns each variant's latency summary (warm-up rounds dropped). Stops early (never below
 * MIN_ROUNDS) when the rounds take longer than `budgetS`, so the run stays under 5 minutes.
 */
async function interleave(
  rounds: number,
  variants: Variant[],
  warmup: number,
  budgetS: number,
  hubAuth: ReturnType<typeof hubTokens>,
): Promise<Record<string, Summary>> {
  const samples = variants.map(() => [] as number[]);
  const started = performance.now();
  for (let r = 0; r < warmup + rounds; r++) {
    if (r >= warmup + MIN_ROUNDS && performance.now() - started > budgetS * 1000) {
      console.log(`  (time budget of ${budgetS} s used up after ${r - warmup} of ${rounds} rounds)`);
      break;
    }
    for (let k = 0; k < variants.length; k++) {
      const i = (r + k) % variants.length;
      const tokens = await Promise.all((variants[i].audiences ?? []).map((audience) => hubAuth.headers(audience)));
      const ms = await timed(() => variants[i].run(r, tokens));
      if (r >= warmup) samples[i].push(ms);
    }
  }
  console.log(
    `  (${variants.map((v) => v.name).join(' / ')}: ${samples[0].length} rounds in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `load average ${loadavg()[0].toFixed(2)})`,
  );
  return Object.fromEntries(variants.map((v, i) => [v.name, summarize(samples[i])]));
}

async function throughput(
  mix: { name: string; run: (n: number) => Promise<unknown> }[],
  concurrency: number,
  durationMs: number,
  pids: { gateway?: number; shards: readonly number[] },
) {
  const samples = mix.map(() => [] as number[]);
  const errors = mix.map(() => 0);
  const errorSamples: string[] = [];
  const errorKinds: Record<string, number> = {};
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
        if (measuring) {
          errors[q]++;
          // e.g. PREFECTURE_UNAVAILABLE/TIMEOUT, or the transport error of this client.
          const text = (error as Error).message;
          const kind = /"code":"(\w+)"/.exec(text)?.[1]
            ? `${/"code":"(\w+)"/.exec(text)![1]}/${/"reason":"(\w+)"/.exec(text)?.[1] ?? '-'}`
            : (error as Error).name;
          errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        }
        if (errorSamples.length < 3) errorSamples.push(`${mix[q].name}: ${(error as Error).message.slice(0, 300)}`);
      }
    }
  };
  // Warm-up at full concurrency, not counted.
  await Promise.all(Array.from({ length: concurrency }, () => client(performance.now() + 2_000)));
  measuring = true;
  const shardsCpuMs = (): number | null => {
    let sum = 0;
    for (const pid of pids.shards) {
      const ms = processCpuMs(pid);
      if (ms === null) return null;
      sum += ms;
    }
    return sum;
  };
  const cpuBefore = {
    gateway: processCpuMs(pids.gateway),
    shards: shardsCpuMs(),
    client: process.cpuUsage(),
    machine: machineCpuMs(),
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => client(started + durationMs)));
  const elapsedMs = performance.now() - started;
  const clientCpu = process.cpuUsage(cpuBefore.client);
  const machineAfter = machineCpuMs();
  const pct = (before: number | null, after: number | null) =>
    before === null || after === null ? null : Math.round(((after - before) / elapsedMs) * 100);
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
    errorKinds,
    byQuery,
    cpu: {
      gateway: pct(cpuBefore.gateway, processCpuMs(pids.gateway)),
      shards: pct(cpuBefore.shards, shardsCpuMs()),
      client: Math.round(((clientCpu.user + clientCpu.system) / 1000 / elapsedMs) * 100),
      // Every process on the machine, ours and others' (100% = one CPU busy all the time).
      machine:
        cpuBefore.machine && machineAfter
          ? Math.round(((machineAfter.busy - cpuBefore.machine.busy) / elapsedMs) * 100)
          : null,
    },
  };
}
